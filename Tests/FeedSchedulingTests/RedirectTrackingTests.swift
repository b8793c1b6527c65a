import FeedModel
import FeedScheduling
import FeedStorage
import FeedTesting
import Foundation
import Testing

/// Issue 4: a 301/308 seen on 3 consecutive polls moves the feed (old URL kept as an alias); 302/303/307 never do.
/// Real loopback server, real SQLite store.
@Suite(.serialized) struct RedirectTrackingTests {
    @Test(arguments: [301, 308])
    func threePermanentRedirectsMoveTheFeed(status: Int) async throws {
        let fixture = try RefresherFixture { request in
            request.path == "/old.rss" ? redirect(status, to: "/new.rss") : feedResponse()
        }
        let old = fixture.server.url("/old.rss")
        let new = fixture.server.url("/new.rss")
        for round in 1...3 {
            let report = try await fixture.poll(old)
            #expect(report.outcome == (round == 1 ? .updated : .notModified))
            #expect(report.movedTo == (round == 3 ? new : nil))
        }
        let feed = try #require(try await fixture.feed(old))
        #expect(feed.url == new && feed.aliases == [old])
        // The next poll asks the new URL directly, and the configured old URL still means this feed.
        let before = fixture.server.requests.count
        try await fixture.poll(old)
        #expect(fixture.server.requests.dropFirst(before).map(\.path) == ["/new.rss"])
        #expect(try await fixture.store.feeds().map(\.url) == [new])
        #expect(try await fixture.store.items(after: 0, limit: nil).allSatisfy { $0.feedURL == new })
    }

    @Test(arguments: [302, 303, 307])
    func temporaryRedirectsNeverMoveIt(status: Int) async throws {
        let fixture = try RefresherFixture { request in
            request.path == "/old.rss" ? redirect(status, to: "/new.rss") : feedResponse()
        }
        let old = fixture.server.url("/old.rss")
        for _ in 1...4 { try await fixture.poll(old) }
        let feed = try #require(try await fixture.feed(old))
        #expect(feed.url == old && feed.aliases.isEmpty && feed.redirectCount == 0)
        #expect(fixture.server.requests.filter { $0.path == "/old.rss" }.count == 4)
    }

    @Test func twoPermanentRedirectsThenADirectAnswerDoNotMoveIt() async throws {
        let redirecting = Switch(true)
        let fixture = try RefresherFixture { request in
            request.path == "/old.rss" && redirecting.current ? redirect(301, to: "/new.rss") : feedResponse()
        }
        let old = fixture.server.url("/old.rss")
        try await fixture.poll(old)
        try await fixture.poll(old)
        #expect(try await fixture.feed(old)?.redirectCount == 2)
        redirecting.current = false
        try await fixture.poll(old)
        redirecting.current = true
        try await fixture.poll(old)
        let feed = try #require(try await fixture.feed(old))
        #expect(feed.url == old && feed.redirectCount == 1, "the run starts over")
    }
}

/// The feed's own request options follow it after a move: the configuration still names the old URL.
@Suite(.serialized) struct MovedFeedOptionsTests {
    @Test func aMovedFeedStillSendsItsOwnHeaderToItsNewURL() async throws {
        let fixture = try RefresherFixture { request in
            request.path == "/old.rss" ? redirect(301, to: "/new.rss") : feedResponse()
        }
        let old = fixture.server.url("/old.rss")
        let new = fixture.server.url("/new.rss")
        fixture.subscriptions.replace(with: [FeedSubscription(url: old, headers: ["X-Feed-Token": "secret-1"])])
        for _ in 1...3 { try await fixture.poll(old) }
        #expect(try await fixture.feed(old)?.url == new)
        let before = fixture.server.requests.count
        try await fixture.poll(old)
        let moved = Array(fixture.server.requests.dropFirst(before))
        #expect(moved.map(\.path) == ["/new.rss"])
        #expect(moved.first?.headers["x-feed-token"] == "secret-1")
        // Every request of the moves carried it too (the old URL and the redirect it led to).
        #expect(fixture.server.requests.allSatisfy { $0.headers["x-feed-token"] == "secret-1" })
    }
}
