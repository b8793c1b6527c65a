import FeedScheduling
import FeedStorage
import FeedTesting
import Foundation
import Testing

/// Issue 4: 429/503 with Retry-After set the earliest next poll and no request is made inside that window (even
/// after a restart); without it they back off; 410 stops polling until the feed is enabled again.
@Suite(.serialized) struct ServerPushbackTests {
    @Test(arguments: [429, 503])
    func retryAfterSecondsIsAWindowWithoutRequests(status: Int) async throws {
        let fixture = try RefresherFixture { _ in TestResponse(status: status, headers: [("Retry-After", "7200")]) }
        let url = fixture.server.url("/busy.rss")
        let start = fixture.clock.now()
        let report = try await fixture.poll(url, interval: .seconds(600))
        #expect(report.outcome == .failed && report.httpStatus == status)
        #expect(report.nextPollReason == .retryAfter)
        let feed = try #require(try await fixture.feed(url))
        #expect(feed.pollState.retryAfterUntil == start.addingTimeInterval(7_200))
        #expect(feed.nextDueAt == start.addingTimeInterval(7_200))

        // Inside the window nothing is requested, not even after a restart (the window is stored).
        fixture.clock.advance(by: 3_600)
        #expect(try await fixture.poll(url, interval: .seconds(600)).outcome == .skipped)
        try fixture.restart()
        fixture.clock.advance(by: 3_599)
        #expect(try await fixture.poll(url, interval: .seconds(600)).outcome == .skipped)
        #expect(fixture.server.requests.count == 1)
        fixture.clock.advance(by: 1)
        #expect(try await fixture.poll(url, interval: .seconds(600)).outcome == .failed)
        #expect(fixture.server.requests.count == 2)
    }

    @Test func retryAfterAsAnHTTPDate() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: Date().addingTimeInterval(3_600))
        let fixture = try RefresherFixture { _ in TestResponse(status: 429, headers: [("Retry-After", date)]) }
        let url = fixture.server.url("/busy.rss")
        try await fixture.poll(url, interval: .seconds(600))
        let until = try #require(try await fixture.feed(url)?.pollState.retryAfterUntil)
        // The date has whole seconds and the request took some: within a few seconds of an hour.
        let wait = until.timeIntervalSince(fixture.clock.now())
        #expect(wait > 3_590 && wait <= 3_600)
    }

    @Test func retryAfterIsCappedByTheConfiguration() async throws {
        let fixture = try RefresherFixture { _ in TestResponse(status: 503, headers: [("Retry-After", "999999")]) }
        let url = fixture.server.url("/busy.rss")
        try await fixture.poll(url, interval: .seconds(600))
        let feed = try #require(try await fixture.feed(url))
        #expect(feed.pollState.retryAfterUntil == fixture.clock.now().addingTimeInterval(86_400))
    }

    @Test(arguments: [429, 503])
    func withoutRetryAfterItBacksOff(status: Int) async throws {
        let fixture = try RefresherFixture { _ in TestResponse(status: status) }
        let url = fixture.server.url("/busy.rss")
        try await fixture.poll(url, interval: .seconds(600))
        try await fixture.poll(url, interval: .seconds(600))
        let feed = try #require(try await fixture.feed(url))
        // Second failure: full jitter (0.5) below a 1200 s ceiling.
        #expect(feed.consecutiveFailures == 2 && feed.pollState.reason == .backoff)
        #expect(feed.nextDueAt == fixture.clock.now().addingTimeInterval(600))
        #expect(feed.pollState.retryAfterUntil == nil)
    }

    @Test func goneStopsPollingUntilEnabled() async throws {
        let gone = Switch(true)
        let fixture = try RefresherFixture { _ in gone.current ? TestResponse(status: 410) : feedResponse() }
        let url = fixture.server.url("/gone.rss")
        let report = try await fixture.poll(url)
        #expect(report.outcome == .failed && report.nextPollAt == nil && report.nextPollReason == .gone)
        let feed = try #require(try await fixture.feed(url))
        #expect(feed.isGone && feed.nextDueAt == nil && feed.lastError?.contains("410") == true)
        fixture.clock.advance(by: 30 * 86_400)
        #expect(try await fixture.poll(url).outcome == .skipped)
        #expect(fixture.server.requests.count == 1)

        gone.current = false
        #expect(try await fixture.store.enable(url: url))
        #expect(try await fixture.poll(url).outcome == .updated)
        #expect(try await fixture.feed(url)?.isGone == false)
    }
}
