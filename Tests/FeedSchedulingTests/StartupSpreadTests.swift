import FeedModel
import FeedScheduling
import FeedStorage
import FeedTesting
import Foundation
import Logging
import Testing

/// Issue 5: after a restart, overdue feeds are spread over `startup_spread` instead of firing at once; feeds never
/// polled are polled at once; a gone feed is not polled by the loop.
@Suite(.serialized) struct StartupSpreadTests {
    @Test func overdueFeedsAreSpreadAndNewOnesPolledAtOnce() async throws {
        let fixture = try RefresherFixture(handler: LoopbackServer.staticFiles(directory: RefresherFixture.fixtures))
        let old = ["/news.rss", "/papers.atom", "/releases.rdf"].map { fixture.server.url($0) }
        for url in old { try await fixture.poll(url, interval: .seconds(600)) }
        // A long stop: every feed is overdue when the service starts again.
        fixture.clock.advance(by: 86_400)
        try fixture.restart()
        let fresh = fixture.server.url("/news.rss?fresh")
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let service = PollService(
            refresher: fixture.refresher, store: fixture.store,
            feeds: (old + [fresh]).map { FeedSubscription(url: $0) }, defaultInterval: .seconds(600), maxInFlight: 4,
            clock: fixture.clock, logger: logger, startupSpread: .seconds(120), random: { 0.5 })
        let task = Task { try await service.run() }
        defer { task.cancel() }
        // The new feed at once; the three overdue ones at 20 s, 60 s and 100 s (slots of 40 s, middle of each).
        try await waitUntil("the new feed polled, the loop asleep") {
            fixture.server.requests.count == 4 && service.pollsInFlight == 0 && fixture.clock.sleeperCount == 1
        }
        #expect(fixture.server.requests.last?.path == "/news.rss?fresh")
        for (offset, expected) in [(19.0, 4), (1, 5), (39, 5), (1, 6), (39, 6), (1, 7)] {
            fixture.clock.advance(by: offset)
            try await waitUntil("\(expected) requests, the loop asleep") {
                fixture.server.requests.count == expected && service.pollsInFlight == 0
                    && fixture.clock.sleeperCount == 1
            }
        }
        task.cancel()
        try await task.value
    }

    @Test func theLoopNeverPollsAGoneFeed() async throws {
        let fixture = try RefresherFixture { request in
            request.path == "/gone.rss" ? TestResponse(status: 410) : feedResponse()
        }
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let feeds = ["/gone.rss", "/ok.rss"].map { FeedSubscription(url: fixture.server.url($0)) }
        let service = PollService(
            refresher: fixture.refresher, store: fixture.store, feeds: feeds, defaultInterval: .seconds(600),
            maxInFlight: 4, clock: fixture.clock, logger: logger, random: { 0.5 })
        let task = Task { try await service.run() }
        defer { task.cancel() }
        try await waitUntil("both feeds polled, the loop asleep") {
            fixture.server.requests.count == 2 && service.pollsInFlight == 0 && fixture.clock.sleeperCount == 1
        }
        // Each round: the clock's advance takes the loop's sleeper away at once; asleep again with no poll in
        // flight means the round is over, whatever it requested.
        for round in 1...3 {
            fixture.clock.advance(by: 600)
            try await waitUntil("round \(round) over, the loop asleep") {
                fixture.clock.sleeperCount == 1 && service.pollsInFlight == 0
                    && fixture.server.requests.filter { $0.path == "/ok.rss" }.count == round + 1
            }
        }
        #expect(fixture.server.requests.filter { $0.path == "/gone.rss" }.count == 1)
        #expect(fixture.server.requests.filter { $0.path == "/ok.rss" }.count == 4)
        task.cancel()
        try await task.value
    }
}
