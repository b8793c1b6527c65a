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
        #expect(first.newItems == 5 && first.nextPollReason == .adaptive)
        // Observed from this poll on: the 1 h minimum window / 1.25 = 2,880 s (random 0.5: no jitter), not the
        // 24 h maximum a week without items would give.
        #expect(first.nextPollAt == fixture.clock.now().addingTimeInterval(2_880))
        // The store keeps the baseline as the start of observation.
        let baseline = try #require(try await fixture.feed(url)?.baselineAt)
        #expect(abs(baseline.timeIntervalSince(fixture.clock.now())) < 0.001)

        fixture.clock.advance(by: 86_400)
        items.current = 16
        let second = try await fixture.poll(url)
        #expect(second.newItems == 11)
        // 11 new items in the day observed: 1 d / (12 × 1.25) = 5,760 s.
        #expect(second.nextPollAt == fixture.clock.now().addingTimeInterval(5_760))
        #expect(try await fixture.feed(url)?.pollState.interval == .seconds(5_760))

        fixture.clock.advance(by: 86_400)
        let third = try await fixture.poll(url)
        #expect(third.newItems == 0)
        // Still 11 items, now over 2 days observed: 2 d / 15 = 11,520 s: the silence lengthens the interval.
        #expect(third.nextPollAt == fixture.clock.now().addingTimeInterval(11_520))
    }

    /// A feed whose very first poll fails backs off from the young interval (48 min), not from a day.
    @Test func aFirstFailureBacksOffFromTheYoungInterval() async throws {
        let fixture = try RefresherFixture { _ in TestResponse(status: 500) }
        let url = fixture.server.url("/feed.rss")
        let first = try await fixture.poll(url)
        #expect(first.outcome == .failed && first.nextPollReason == .backoff)
        // Full jitter at random 0.5 below a ceiling of 1 h / 1.25 = 2,880 s.
        #expect(first.nextPollAt == fixture.clock.now().addingTimeInterval(1_440))
        #expect(try await fixture.feed(url)?.baselineAt == nil)
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
        #expect(first.nextPollReason == .ttl && first.interval == .seconds(7_200))
        let second = try await fixture.poll(url, interval: .seconds(600))
        #expect(second.outcome == .notModified && second.nextPollReason == .ttl)
        #expect(try await fixture.feed(url)?.pollState.hints.ttlMinutes == 120)
    }
}
