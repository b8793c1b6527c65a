import FeedModel
import FeedTesting
import Foundation
import Synchronization
import Testing

@testable import FeedPostgres
@testable import FeedStorage

@Suite("Registering subscriptions")
struct RegisterTests {
    @Test("subscriptions read back ordered by url; re-registering updates and removes nothing", arguments: backends)
    func registerAndReadBack(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await store.register([
                FeedSubscription(url: "https://b.example/feed", title: "Bee", interval: .seconds(600), tags: ["x"]),
                FeedSubscription(url: "https://a.example/feed", tags: ["news", "tech"]),
            ])
            var feeds = try await store.feeds()
            #expect(feeds.map(\.url) == ["https://a.example/feed", "https://b.example/feed"])
            #expect(feeds[0] == FeedRecord(url: "https://a.example/feed", title: nil, tags: ["news", "tech"]))
            #expect(feeds[1].title == "Bee")
            #expect(feeds[1].tags == ["x"])
            #expect(feeds[1].lastOutcome == nil && feeds[1].nextDueAt == nil && feeds[1].itemCount == 0)

            try await store.register([FeedSubscription(url: "https://b.example/feed", title: "Bees", tags: [])])
            feeds = try await store.feeds()
            #expect(feeds.count == 2)
            #expect(feeds[1].title == "Bees")
            #expect(feeds[1].tags == [])
            #expect(try await store.feed(url: "https://a.example/feed")?.tags == ["news", "tech"])
            #expect(try await store.feed(url: "https://c.example/feed") == nil)
        }
    }

    @Test("the user's title wins over the feed's own, which shows when the user gives none", arguments: backends)
    func titles(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await store.register([
                FeedSubscription(url: "https://a.example/", title: "Mine"), FeedSubscription(url: "https://b.example/"),
            ])
            _ = try await store.commit(updated("https://a.example/", [item("1")], title: "Theirs A"))
            _ = try await store.commit(updated("https://b.example/", [item("1")], title: "Theirs B"))
            #expect(try await store.feeds().map(\.title) == ["Mine", "Theirs B"])
            #expect(try await store.items(after: 0, limit: nil).map(\.feedTitle) == ["Mine", "Theirs B"])
            // Dropping the user's title falls back to the feed's own.
            try await store.register([FeedSubscription(url: "https://a.example/")])
            #expect(try await store.feed(url: "https://a.example/")?.title == "Theirs A")
            try await store.register([FeedSubscription(url: "https://a.example/", title: "  ")])
            #expect(try await store.feed(url: "https://a.example/")?.title == "Theirs A")
        }
    }

    @Test("reopening the store keeps everything and migrates nothing twice", arguments: backends)
    func reopen(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            try await store.register([FeedSubscription(url: "https://a.example/", tags: ["t"])])
            _ = try await store.commit(updated("https://a.example/", [item("1")]))
            let reopened = try another()
            #expect(try await reopened.feeds() == store.feeds())
            #expect(try await reopened.items(after: 0, limit: nil).map(\.key) == ["urn:item:1"])
        }
    }

    @Test("several handles (processes) creating the same new file at once all open it")
    func racingOpens() async throws {
        try await withTemporaryStore { _, path async throws in
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            // Many rounds: a lost race shows only now and then (CI once lost one on the second migration).
            for round in 0..<25 {
                let fresh = directory.appendingPathComponent("race-\(round).sqlite")
                let stores = try await withThrowingTaskGroup(of: SQLiteFeedStore.self) { group in
                    for _ in 0..<8 { group.addTask { try SQLiteFeedStore(path: fresh.path) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                try await stores[0].register([FeedSubscription(url: "https://a.example/")])
                for store in stores { #expect(try await store.feeds().map(\.url) == ["https://a.example/"]) }
                #expect(try await stores[1].verify().isEmpty)
            }
        }
    }

    @Test("re-registering subscriptions that change nothing writes nothing; a changed one is written")
    func unchangedWritesNothing() async throws {
        try await withTemporaryStore { store, path async throws in
            let subscriptions = (0..<200).map {
                FeedSubscription(
                    url: "https://example.org/\($0).xml", title: $0 % 2 == 0 ? "Feed \($0)" : nil,
                    interval: $0 % 3 == 0 ? .seconds(900) : nil, tags: $0 % 5 == 0 ? ["t\($0)", "news"] : [])
            }
            try await store.register(subscriptions)
            let wal = { try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int }
            let written = try wal()
            try await store.register(subscriptions)
            #expect(try wal() == written)
            var changed = subscriptions
            changed[7].tags = ["new"]
            try await store.register(changed)
            #expect(try wal() ?? 0 > written ?? 0)
            #expect(try await store.feed(url: "https://example.org/7.xml")?.tags == ["new"])
        }
    }

    @Test("a store that cannot be created names its path")
    func openFailure() async throws {
        try await withTemporaryStore { _, path async throws in
            // The parent "directory" is the existing database file.
            let bad = path + "/inside/feedd.sqlite"
            let error = #expect(throws: FeedStorageError.self) { try SQLiteFeedStore(path: bad) }
            #expect(error?.description.contains(bad) == true)
        }
    }

    @Test(
        "registering unchanged subscriptions writes no row: it waits for no lock a polling worker holds",
        .enabled(if: PostgresTestServer.runsTests))
    func unchangedTakesNoLock() async throws {
        let subscriptions = [
            FeedSubscription(url: "https://a.example/feed", title: "A"),
            FeedSubscription(url: "https://b.example/feed"),
        ]
        try await withStoreHandles(.postgres) { store, another in
            try await store.register(subscriptions)
            let store = try #require(store as? PostgresFeedStore)
            // Another worker's transaction holds a's row, as a commit or a lease renewal does.
            let holder = try await store.connect()
            try await holder.run("BEGIN", logger: store.logger)
            try await holder.run(
                "SELECT id FROM feed WHERE url = 'https://a.example/feed' FOR UPDATE", logger: store.logger)
            let registered = Mutex(false)
            let starting = try another()
            let registering = Task {
                try await starting.register(subscriptions)
                registered.withLock { $0 = true }
            }
            // Released whatever happens, so that a register that does wait ends once the test has failed.
            await #expect(throws: Never.self) {
                try await waitUntil("the register done beside the lock") { registered.withLock { $0 } }
            }
            try await holder.run("ROLLBACK", logger: store.logger)
            try await holder.close()
            try await registering.value
            // A changed setting is still written.
            try await starting.register([FeedSubscription(url: "https://a.example/feed", title: "A2")])
            #expect(try await store.feed(url: "https://a.example/feed")?.title == "A2")
        }
    }
}
