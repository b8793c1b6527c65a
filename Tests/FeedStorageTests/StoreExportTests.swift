import FeedModel
import FeedTesting
import Foundation
import Testing

@testable import FeedPostgres
@testable import FeedStorage

/// A SQLite store copied into a PostgreSQL database (`feedd migrate`): the SQLite store's export read back from
/// the database table by table, the sequencer and stories carrying on after the copy, and a second copy refused.
@Suite("Store export and copy", .enabled(if: PostgresTestServer.runsTests)) struct StoreExportTests {
    static let a = "https://a.example/rss"
    static let b = "https://b.example/rss"
    static let c = "https://c.example/rss"
    static let gone = "https://gone.example/rss"

    /// Fills every table the copy reads: feeds with poll state (one gone, one with hints), items with edits and
    /// their moves and receipts, stories joined by URL and by text, a tombstone, consumers (a hook's among them)
    /// with cursors and a peek, an alias and a key policy, an active WebSub subscription and an unsubscribe that
    /// outlived its feed.
    static func populate(_ store: SQLiteFeedStore) async throws {
        try await store.register([
            FeedSubscription(url: a, title: "A", tags: ["x", "y"]), FeedSubscription(url: b), FeedSubscription(url: c),
            FeedSubscription(url: gone),
        ])
        // Before any consumer exists, so that retention may remove c1 (and leave its tombstone).
        _ = try await store.commit(updated(c, [item("c1")], at: 0))
        var pruned = updated(c, [item("c2", published: 5), item("c1")], at: 5)
        pruned.retention = Retention(maxItems: 1)
        #expect(try await store.commit(pruned).removedItems == 1)
        let lighthouse = lighthouseCopy("urn:a:lighthouse", url: "https://news.example/lighthouse", published: 10)
        var first = updated(a, [item("a2", published: 20), item("a1", published: 10), lighthouse], at: 30)
        first.plan = { _ in
            PollPlan(
                nextDueAt: at(7200),
                state: PollState(interval: .seconds(3600), reason: .ttl, hints: PollingHints(ttlMinutes: 60)))
        }
        _ = try await store.commit(first)
        // b1 joins a1's story by its link, b's lighthouse copy the lighthouse's by its text.
        var b1 = item("b1", published: 40)
        b1.id = "urn:b:1"
        b1.url = "https://example.org/a1"
        let copy = lighthouseCopy("urn:b:lighthouse", url: "https://other.example/lighthouse", published: 50)
        _ = try await store.commit(updated(b, [b1, copy], at: 60))
        _ = try await store.commit(
            FeedRefresh(
                feedURL: gone, polledAt: at(60), result: .failed("410 Gone"), httpStatus: 410,
                plan: { _ in PollPlan(nextDueAt: nil, state: PollState(reason: .gone, gone: true)) }))
        _ = try await store.startConsumer("hook:command")
        _ = try await store.startConsumer("reader")
        // a1 edited (a new title), a2 edited to a new link: each moves to a new seq, with receipts for the
        // consumers that had it; a2's old link keeps its story URL row, which no item names any more.
        var a1 = item("a1", published: 10)
        a1.title = "Item a1, corrected"
        var a2 = item("a2", published: 20)
        a2.url = "https://example.org/a2-moved"
        _ = try await store.commit(updated(a, [a2, a1, lighthouse], at: 90))
        try await store.recordPeek(of: "reader", seenAt: try await store.snapshot().highWater)
        try await execute(
            store,
            "INSERT INTO feed_alias (url, feed_id) SELECT 'https://old.example/rss', id FROM feed WHERE url = '\(a)'")
        try await execute(
            store,
            """
            INSERT INTO feed_key_policy (feed_id, policy, decided_at, reason)
            SELECT id, 'link', 100, 'test' FROM feed WHERE url = '\(b)'
            """)
        try await store.saveWebSub(
            WebSubRecord(
                token: "token-a", secret: "secret-a", feedURL: a, hub: "https://hub.example/", topic: a,
                intent: .subscribe, state: .active, stateAt: at(100), leaseUntil: at(86_500), nextRequestAt: at(78_000))
        )
        try await store.saveWebSub(
            WebSubRecord(
                token: "token-old", secret: "secret-old", feedURL: nil, hub: "https://hub.example/",
                topic: "https://removed.example/rss", intent: .unsubscribe, state: .failing, stateAt: at(100),
                failures: 2, reason: "no verification came", nextRequestAt: at(3_700)))
    }

    /// Every row of `table`, page by page.
    static func all(_ export: any StoreExport, _ table: StoreTable) async throws -> [[StoreValue]] {
        var rows: [[StoreValue]] = []
        while true {
            let page = try await export.rows(of: table, after: rows.last, limit: 2)
            if page.isEmpty { return rows }
            rows += page
        }
    }

    @Test("every table's rows are equal after the copy; seqs, stories and feeds carry on after the copied ones")
    func roundTrip() async throws {
        try await withTemporaryStore { sqlite, _ in
            try await Self.populate(sqlite)
            let export = try await sqlite.export()
            try await PostgresTestServer.withDatabase { url in
                let store = PostgresFeedStore(location: try PostgresLocation(parsing: url))
                let copied = try await store.importRows(from: export)
                let back = try await store.export()
                for table in StoreTable.allCases {
                    let source = try await Self.all(export, table)
                    let target = try await Self.all(back, table)
                    #expect(!source.isEmpty, "\(table.rawValue) has rows to copy")
                    #expect(copied[table] == source.count, "\(table.rawValue)")
                    // Text keys sort by each server's collation: compared as sets (keys are unique).
                    #expect(Set(target) == Set(source), "\(table.rawValue)")
                    #expect(target.count == source.count, "\(table.rawValue)")
                }
                #expect(back.highWater == export.highWater)
                #expect(try await export.unmatchedStoryURLs() == 1, "a2's old link")
                let sqliteURLs = try await count(sqlite, "SELECT COUNT(*) FROM story_url")
                #expect(copied[.storyURL] == sqliteURLs - 1)
                // Every member's 12 band rows, as a commit writes them.
                #expect(try await count(store, "SELECT COUNT(*) FROM story_band") == copied[.storyMember]! * 12)
                #expect(try await store.verify().isEmpty)
                // Polled afterwards: the next seq follows the copied ones, a copy of a1 joins its story by the
                // link, a new feed takes a new id.
                var late = item("d1", published: 120)
                late.url = "https://example.org/a1"
                _ = try await store.commit(updated("https://d.example/rss", [late], at: 120))
                let stored = try await store.items(after: export.highWater, limit: nil)
                let a1 = try #require(try await store.items(after: 0, limit: nil).first { $0.item.id == "urn:item:a1" })
                #expect(stored.map(\.seq) == [export.highWater + 1])
                #expect(stored.first?.storyID == a1.storyID)
                #expect(try await store.feeds().count == 5)
                await #expect {
                    _ = try await store.importRows(from: export)
                } throws: { error in
                    "\(error)".contains("is not empty") && "\(error)".contains("5 feed rows")
                }
                await store.close()
            }
        }
    }
}
