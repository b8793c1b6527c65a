import FeedModel
import FeedTesting
import Foundation
import Testing

@testable import FeedStorage

@Suite("WebSub subscriptions in the store") struct WebSubStoreTests {
    let feedURL = "https://a.example/feed"

    func record(
        _ token: String, hub: String = "https://hub.example/", feedURL: String? = "https://a.example/feed",
        state: WebSubRecord.State = .requested, next: Date? = nil
    ) -> WebSubRecord {
        WebSubRecord(
            token: token, secret: "secret-\(token)", feedURL: feedURL, hub: hub, topic: "https://a.example/self",
            intent: .subscribe, state: state, stateAt: at(0), nextRequestAt: next)
    }

    @Test("a row written before its request is found by token and by feed, and takes later states", arguments: backends)
    func saveFindUpdate(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await store.register([FeedSubscription(url: feedURL)])
            try await store.saveWebSub(record("t1", next: at(3_600)))
            #expect(try await store.webSub(token: "t1") == record("t1", next: at(3_600)))
            #expect(try await store.webSub(token: "t2") == nil)
            var verified = record("t1", state: .active, next: at(777_600))
            verified.stateAt = at(10)
            verified.leaseUntil = at(864_010)
            verified.reason = nil
            try await store.saveWebSub(verified)
            #expect(try await store.webSub(token: "t1") == verified)
            #expect(try await store.webSubs(feedURL: feedURL) == [verified])
            #expect(try await store.webSubs(feedURL: "https://b.example/feed").isEmpty)
            #expect(try await count(store, "SELECT COUNT(*) FROM websub_subscription") == 1)
        }
    }

    @Test(
        "one row per feed and hub; a row without a feed (an unsubscribe that outlived it) is kept", arguments: backends)
    func uniquenessAndOrphans(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await store.register([FeedSubscription(url: feedURL)])
            try await store.saveWebSub(record("t1"))
            await #expect(throws: (any Error).self) { try await store.saveWebSub(record("t2")) }
            try await store.saveWebSub(record("t3", hub: "https://other-hub.example/"))
            var orphan = record("t4", feedURL: nil)
            orphan.intent = .unsubscribe
            try await store.saveWebSub(orphan)
            #expect(try await store.webSub(token: "t4") == orphan)
            #expect(try await store.webSubs(feedURL: nil).map(\.token) == ["t4", "t1", "t3"])
            #expect(try await store.webSubs(feedURL: feedURL).map(\.token) == ["t1", "t3"])
        }
    }

    @Test(
        "due requests: those whose next request is at or before now, earliest first, at most the limit",
        arguments: backends)
    func dueRequests(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await store.register([FeedSubscription(url: feedURL)])
            let hubs = (0..<4).map { "https://hub\($0).example/" }
            try await store.saveWebSub(record("late", hub: hubs[0], next: at(300)))
            try await store.saveWebSub(record("early", hub: hubs[1], next: at(100)))
            try await store.saveWebSub(record("never", hub: hubs[2], state: .denied, next: nil))
            try await store.saveWebSub(record("future", hub: hubs[3], next: at(10_000)))
            #expect(try await store.takeDueWebSubRequests(at: at(99), limit: 10, hold: .seconds(60)).isEmpty)
            #expect(
                try await store.takeDueWebSubRequests(at: at(300), limit: 1, hold: .seconds(60)).map(\.token) == [
                    "early"
                ])
            #expect(
                try await store.takeDueWebSubRequests(at: at(300), limit: 10, hold: .seconds(60)).map(\.token) == [
                    "late"
                ])
        }
    }

    @Test(
        "taking the due requests: two workers at once get each row once, and rows never sent fall due after the hold",
        arguments: backends)
    func takeDueRequests(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            try await store.register([FeedSubscription(url: feedURL)])
            let hubs = (0..<4).map { "https://hub\($0).example/" }
            for (index, hub) in hubs.enumerated() {
                try await store.saveWebSub(record("t\(index)", hub: hub, next: at(100)))
            }
            let second = try another()
            async let first = store.takeDueWebSubRequests(at: at(300), limit: 3, hold: .seconds(600))
            async let other = second.takeDueWebSubRequests(at: at(300), limit: 3, hold: .seconds(600))
            let taken = try await first.map(\.token) + other.map(\.token)
            #expect(taken.sorted() == ["t0", "t1", "t2", "t3"])
            #expect(try await store.takeDueWebSubRequests(at: at(899), limit: 10, hold: .seconds(600)).isEmpty)
            let again = try await store.takeDueWebSubRequests(at: at(900), limit: 10, hold: .seconds(600))
            #expect(again.map(\.token).sorted() == ["t0", "t1", "t2", "t3"])
            #expect(again.allSatisfy { $0.nextRequestAt == at(900) })
        }
    }
}
