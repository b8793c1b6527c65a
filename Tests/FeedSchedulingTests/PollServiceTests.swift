import FeedFetching
import FeedModel
import FeedScheduling
import FeedStorage
import FeedTesting
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// The `run` loop under a manual clock, against a real loopback server and a real SQLite store.
@Suite(.serialized) struct PollServiceTests {
    static let fixtures = CLIWorkspace.fixtures

    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder("poll") }

    func makeService(server: LoopbackServer, clock: ManualClock, interval: Duration) throws -> (
        PollService, SQLiteFeedStore, FeedFetcher
    ) {
        let store = try SQLiteFeedStore(path: folder.file("feedd.sqlite").path)
        let fetcher = FeedFetcher(concurrency: 4)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let refresher = FeedRefresher(
            fetcher: fetcher, store: store, clock: clock, settings: .init(userAgent: "feedd-test"), random: { 0.5 },
            logger: logger)
        let feeds = [FeedSubscription(url: server.url("/news.rss")), FeedSubscription(url: server.url("/papers.atom"))]
        let service = PollService(
            refresher: refresher, store: store, feeds: feeds, defaultInterval: interval, maxInFlight: 4, clock: clock,
            logger: logger)
        return (service, store, fetcher)
    }

    /// Waits until the server has had `requests` requests, no poll is in flight and the loop sleeps on `clock`.
    func waitForRound(
        _ event: String, requests: Int, _ server: LoopbackServer, _ service: PollService, _ clock: ManualClock
    ) async throws {
        try await waitUntil(event) {
            server.requests.count == requests && service.pollsInFlight == 0 && clock.sleeperCount == 1
        }
    }

    /// Starts `service.run()` and waits for its first round: both feeds polled, the loop asleep.
    func startFirstRound(
        _ service: PollService, _ server: LoopbackServer, _ clock: ManualClock
    ) async throws -> Task<Void, any Error> {
        let task = Task { try await service.run() }
        try await waitForRound("both feeds polled, the loop asleep", requests: 2, server, service, clock)
        return task
    }

    @Test func pollsAtOnceThenEveryIntervalConditionally() async throws {
        let server = try LoopbackServer(handler: LoopbackServer.staticFiles(directory: Self.fixtures))
        defer { server.stop() }
        let clock = ManualClock()
        let (service, store, fetcher) = try makeService(server: server, clock: clock, interval: .seconds(600))
        defer { fetcher.shutdown() }
        let task = try await startFirstRound(service, server, clock)
        #expect(try await store.items(after: 0, limit: nil).count == 5)
        let feeds = try await store.feeds()
        #expect(feeds.allSatisfy { $0.nextDueAt == clock.now().addingTimeInterval(600) })

        // Nothing is due before the interval has passed. A second short of it the loop wakes (it looks at least
        // every minute), finds nothing due and goes back to sleep until the interval's end: a loop asleep until
        // then with no poll in flight is the proof that no request was made.
        let polledAt = clock.now()
        clock.advance(by: 599)
        try await waitUntil("the loop asleep until the interval's end") {
            clock.deadlines == [polledAt.addingTimeInterval(600)]
        }
        #expect(server.requests.count == 2)

        clock.advance(by: 1)
        try await waitForRound("both feeds polled again, the loop asleep", requests: 4, server, service, clock)
        #expect(server.requests.suffix(2).allSatisfy { $0.headers["if-none-match"] != nil })
        #expect(try await store.feeds().allSatisfy { $0.lastOutcome == .notModified && $0.lastStatus == 304 })

        task.cancel()
        try await task.value
    }

    @Test func gracefulShutdownStopsTheLoop() async throws {
        let server = try LoopbackServer(handler: LoopbackServer.staticFiles(directory: Self.fixtures))
        defer { server.stop() }
        let clock = ManualClock()
        let (service, _, fetcher) = try makeService(server: server, clock: clock, interval: .seconds(600))
        defer { fetcher.shutdown() }
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let group = ServiceGroup(services: [service], logger: logger)
        let task = Task { try await group.run() }
        try await waitForRound("both feeds polled, the loop asleep", requests: 2, server, service, clock)
        let start = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await task.value
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func aFailingFeedBacksOffAndTheOthersCarryOn() async throws {
        let server = try LoopbackServer { request in
            request.path == "/news.rss"
                ? TestResponse(status: 500, body: Data("oops".utf8))
                : LoopbackServer.staticFiles(directory: Self.fixtures)(request)
        }
        defer { server.stop() }
        let clock = ManualClock()
        let (service, store, fetcher) = try makeService(server: server, clock: clock, interval: .seconds(600))
        defer { fetcher.shutdown() }
        let task = try await startFirstRound(service, server, clock)
        let failing = try #require(try await store.feed(url: server.url("/news.rss")))
        #expect(failing.consecutiveFailures == 1)
        #expect(failing.lastError?.contains("500") == true)
        #expect(try await store.feed(url: server.url("/papers.atom"))?.itemCount == 2)
        // First failure: full jitter below a 600 s ceiling (300 s at random 0.5), so the feed is due again before
        // the healthy one; at the second the ceiling doubles to 1200 s and the draw gives 600 s.
        #expect(failing.nextDueAt == clock.now().addingTimeInterval(300))
        #expect(failing.pollState.reason == .backoff)
        clock.advance(by: 600)
        try await waitForRound("both feeds polled again, the loop asleep", requests: 4, server, service, clock)
        let again = try #require(try await store.feed(url: server.url("/news.rss")))
        #expect(again.consecutiveFailures == 2)
        #expect(again.nextDueAt == clock.now().addingTimeInterval(600))
        #expect(try await store.feed(url: server.url("/papers.atom"))?.pollState.reason == .configured)
        task.cancel()
        try await task.value
    }
}
