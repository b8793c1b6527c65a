import FeedModel
import FeedScheduling
import FeedTesting
import Foundation
import Testing

/// The adaptive interval as a real poll computes it: from the new items the store saw first, the first document
/// left out; the feed's own hints kept for the 304s that follow. Real loopback server and SQLite store.
@Suite(.serialized) struct AdaptiveRefreshTests {
    /// An RSS document with `count` items and an optional `ttl`.
    static func rss(items count: Int, ttl: Int? = nil) -> TestResponse {
        var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>http://x/</link>"
        xml += "<description>d</description>" + (ttl.map { "<ttl>\($0)</ttl>" } ?? "")
        for index in (0..<count).reversed() {
            xml += "<item><title>Item \(index)</title><guid isPermaLink=\"false\">i\(index)</guid></item>"
        }
        xml += "</channel></rss>"
        return TestResponse(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Data(xml.utf8))
    }

    @Test func theFirstDocumentSaysNothingLaterItemsShortenTheInterval() async throws {
        let items = Switch(5)
        let fixture = try RefresherFixture { _ in Self.rss(items: items.current) }
        let url = fixture.server.url("/feed.rss")
        let first = try await fixture.poll(url)
        #expect(first.newItems == 5 && first.nextPollReason == "adaptive")
        // No history: 7 d / 1.25 is beyond the 24 h maximum (random 0.5: no jitter).
        #expect(first.nextPollAt == fixture.clock.now().addingTimeInterval(86_400))

        fixture.clock.advance(by: 3_600)
        items.current = 16
        let second = try await fixture.poll(url)
        #expect(second.newItems == 11)
        // 11 new items in the window: 7 d / (12 × 1.25) = 40,320 s.
        #expect(second.nextPollAt == fixture.clock.now().addingTimeInterval(40_320))
        #expect(try await fixture.feed(url)?.pollState.interval == .seconds(40_320))
    }

    @Test func aTTLSeenOnceStillCountsOnThe304sThatFollow() async throws {
        let fixture = try RefresherFixture(handler: { request in
            var response = Self.rss(items: 3, ttl: 120)
            response.headers.append(("ETag", "\"v1\""))
            if request.headers["if-none-match"] == "\"v1\"" { response = TestResponse(status: 304) }
            return response
        })
        let url = fixture.server.url("/feed.rss")
        let first = try await fixture.poll(url, interval: .seconds(600))
        // ttl 120 min lengthens the configured 10 min.
        #expect(first.nextPollReason == "ttl" && first.interval == .seconds(7_200))
        let second = try await fixture.poll(url, interval: .seconds(600))
        #expect(second.outcome == .notModified && second.nextPollReason == "ttl")
        #expect(try await fixture.feed(url)?.pollState.hints.ttlMinutes == 120)
    }
}
