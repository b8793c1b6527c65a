import FeedModel
import FeedScheduling
import FeedStorage
import FeedTesting
import Foundation
import Logging
import Testing

/// The poll loop is a pipeline: a feed that hangs holds one slot and nothing else, a free slot takes the next due
/// feed at once, a feed is never polled twice at the same time, and a reload's new feeds start at once. A real
/// loopback server answers, `/slow.rss` only after 30 s (the tests end long before, so it hangs throughout); the
/// manual clock makes the fast feeds fall due.
@Suite(.serialized) struct PollServiceLoopTests {
    static let slow = "/slow.rss"

    static func answer(_ request: TestRequest) -> TestResponse {
        guard request.path == slow else { return feedResponse() }
        var response = feedResponse()
        response.pace = .stall(.seconds(30))
        return response
    }

    /// A service over `paths` polled every 600 s; it looks at the schedule at least every hour, so that a loop
    /// asleep until a feed's due time shows that it woke for that feed, not for its periodic look.
    static func makeService(_ fixture: RefresherFixture, paths: [String], maxInFlight: Int) -> PollService {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return PollService(
            refresher: fixture.refresher, store: fixture.store,
            feeds: paths.map { FeedSubscription(url: fixture.server.url($0)) }, defaultInterval: .seconds(600),
            maxInFlight: maxInFlight, clock: fixture.clock, logger: logger, maxSleep: 3_600, random: { 0.5 })
    }

    @Test func aStalledFeedLeavesTheFastOnesOnTime() async throws {
        let fixture = try RefresherFixture(concurrency: 2, handler: Self.answer)
        let fast = ["/fast-1.rss", "/fast-2.rss"]
        let service = Self.makeService(fixture, paths: [Self.slow] + fast, maxInFlight: 2)
        let task = Task { try await service.run() }
        defer { task.cancel() }
        func requests(_ path: String) -> Int { fixture.server.requests.filter { $0.path == path }.count }
        // The slow feed and fast-1 start; fast-1 ends and fast-2 takes its slot at once, beside the hanging one.
        // Then the loop sleeps until the fast feeds fall due again, and polls them at that instant.
        for round in 1...5 {
            if round > 1 { fixture.clock.advance(by: 600) }
            let next = fixture.clock.now().addingTimeInterval(600)
            try await waitUntil("round \(round): each fast feed polled, the slow one hanging, the loop asleep") {
                fast.allSatisfy { requests($0) == round } && fixture.server.openRequests(path: Self.slow) == 1
                    && service.pollsInFlight == 1 && fixture.clock.deadlines == [next]
            }
            // On time: polled at the very instant they fell due, their next poll an interval later.
            for path in fast {
                let feed = try #require(try await fixture.feed(fixture.server.url(path)))
                #expect(feed.lastPolledAt == fixture.clock.now())
                #expect(feed.nextDueAt == fixture.clock.now().addingTimeInterval(600))
            }
        }
        #expect(requests(Self.slow) == 1)
        task.cancel()
        try await task.value
    }

    @Test func aFeedIsNeverPolledTwiceAtOnce() async throws {
        let fixture = try RefresherFixture(handler: Self.answer)
        let service = Self.makeService(fixture, paths: [Self.slow, "/fast.rss"], maxInFlight: 4)
        let task = Task { try await service.run() }
        defer { task.cancel() }
        // The slow feed's row says "never polled", due at every look, and slots are free: only the poll in flight
        // keeps it from being started again.
        for round in 1...5 {
            if round > 1 { fixture.clock.advance(by: 600) }
            try await waitUntil("round \(round): the fast feed polled, the slow one hanging, the loop asleep") {
                fixture.server.requests.filter { $0.path == "/fast.rss" }.count == round
                    && fixture.server.openRequests(path: Self.slow) == 1 && service.pollsInFlight == 1
                    && fixture.clock.sleeperCount == 1
            }
            #expect(try await fixture.feed(fixture.server.url(Self.slow))?.lastPolledAt == nil)
        }
        #expect(fixture.server.requests.filter { $0.path == Self.slow }.count == 1)
        #expect(fixture.server.peakOpenRequests(path: Self.slow) == 1)
        #expect(fixture.server.peakOpenRequests(path: "/fast.rss") == 1)
        task.cancel()
        try await task.value
    }

    @Test func aFeedAddedByReloadStartsAtOnceBesideASlowPoll() async throws {
        let fixture = try RefresherFixture(concurrency: 2, handler: Self.answer)
        let paths = [Self.slow, "/fast.rss"]
        let service = Self.makeService(fixture, paths: paths, maxInFlight: 2)
        let task = Task { try await service.run() }
        defer { task.cancel() }
        try await waitUntil("the fast feed polled, the slow one hanging, the loop asleep") {
            fixture.server.requests.count == 2 && fixture.server.openRequests(path: Self.slow) == 1
                && service.pollsInFlight == 1 && fixture.clock.sleeperCount == 1
        }
        let before = fixture.clock.now()
        service.reload(
            feeds: (paths + ["/added.rss"]).map { FeedSubscription(url: fixture.server.url($0)) },
            defaultInterval: .seconds(600))
        // At once: without the clock moving, while the slow poll still hangs.
        try await waitUntil("the added feed polled, the loop asleep") {
            fixture.server.requests.last?.path == "/added.rss" && service.pollsInFlight == 1
                && fixture.clock.sleeperCount == 1
        }
        #expect(fixture.clock.now() == before)
        #expect(fixture.server.openRequests(path: Self.slow) == 1)
        #expect(try await fixture.feed(fixture.server.url("/added.rss"))?.lastPolledAt == before)
        task.cancel()
        try await task.value
    }
}
