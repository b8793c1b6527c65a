import FeedFetching
import FeedModel
import FeedPostgres
import FeedScheduling
import FeedStorage
import FeedTesting
import Foundation
import Logging
import Testing

/// The poll loop on a PostgreSQL store that another worker shares (a second store handle, as another process): it
/// polls only the feeds it was granted, reads a refused feed's row again, and renews the lease of a poll that
/// outlasts it. A real loopback server answers, `/slow.rss` after 3 s; the manual clock makes feeds fall due.
@Suite(.serialized, .enabled(if: PostgresTestServer.runsTests))
struct PollServiceLeaseTests {
    static let slow = "/slow.rss"
    /// Short, so that the slow poll outlasts it several times over: only renewals keep the feed.
    static let lease = Duration.milliseconds(1_200)

    static func answer(_ request: TestRequest) -> TestResponse {
        var response = feedResponse()
        if request.path == slow { response.pace = .stall(.seconds(3)) }
        return response
    }

    /// This worker's store and another worker's on one fresh database, the loopback server and a manual clock.
    static func withWorkers(
        _ body: (PostgresFeedStore, PostgresFeedStore, LoopbackServer, ManualClock) async throws -> Void
    ) async throws {
        try await PostgresTestServer.withDatabase { url in
            let location = try PostgresLocation(parsing: url)
            let store = PostgresFeedStore(location: location)
            let other = PostgresFeedStore(location: location)
            let server = try LoopbackServer(handler: answer)
            defer { server.stop() }
            try await body(store, other, server, ManualClock())
            await other.close()
            await store.close()
        }
    }

    /// This worker's poll loop over `feeds`, polled every 600 s, its leases running for `lease`.
    static func service(
        _ store: PostgresFeedStore, _ server: LoopbackServer, _ clock: ManualClock, feeds: [FeedSubscription],
        lease: Duration
    ) -> PollService {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let refresher = FeedRefresher(
            fetcher: FeedFetcher(concurrency: 4), store: store, clock: clock,
            settings: FeedRefresher.Settings(userAgent: "feedd-test"), random: { 0.5 }, logger: logger)
        return PollService(
            refresher: refresher, store: store, feeds: feeds, defaultInterval: .seconds(600), maxInFlight: 4,
            clock: clock, logger: logger, maxSleep: 3_600, holder: "this", lease: lease, random: { 0.5 })
    }

    @Test func pollsOnlyWhatItWasGrantedAndRenewsWhatItPolls() async throws {
        try await Self.withWorkers { store, other, server, clock in
            let paths = ["/held.rss", "/free.rss", Self.slow]
            let feeds = paths.map { FeedSubscription(url: server.url($0)) }
            try await store.register(feeds)
            // The other worker holds /held.rss for the whole test unless it commits.
            let held = server.url("/held.rss")
            let otherLease = try #require(
                try await other.claim([held], for: "other", lease: .seconds(60), now: clock.now()).first)
            let service = Self.service(store, server, clock, feeds: feeds, lease: Self.lease)
            let task = Task { try await service.run() }
            defer { task.cancel() }
            func requests(_ path: String) -> Int { server.requests.filter { $0.path == path }.count }

            // Throughout the slow poll, which outlasts its lease, the other worker is never granted that feed.
            let slowURL = server.url(Self.slow)
            try await waitUntil("the slow feed's request arrives") { server.openRequests(path: Self.slow) == 1 }
            while try await store.feed(url: slowURL)?.lastPolledAt == nil {
                #expect(try await other.claim([slowURL], for: "other", lease: .seconds(60), now: clock.now()).isEmpty)
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(requests(Self.slow) == 1)
            #expect(requests("/free.rss") == 1)
            #expect(requests("/held.rss") == 0)

            // The other worker stores its poll of /held.rss, due again in an hour. Once the loop has read the
            // rows again (a renewal period after the refusal) it leaves the feed alone until then.
            var refresh = FeedRefresh(
                feedURL: held, polledAt: clock.now(), result: .notModified, httpStatus: 304,
                plan: { _ in PollPlan(nextDueAt: clock.now().addingTimeInterval(3_600), state: PollState()) })
            refresh.lease = otherLease
            _ = try await other.commit(refresh)
            clock.advance(by: 1)
            try await waitUntil("the loop asleep until the other feeds fall due") {
                service.pollsInFlight == 0 && clock.deadlines == [clock.now().addingTimeInterval(599)]
            }
            #expect(requests("/held.rss") == 0)
            clock.advance(by: 3_599)
            try await waitUntil("every feed polled at the hour, /held.rss by this worker at last") {
                requests("/held.rss") == 1 && requests("/free.rss") == 2
            }
            task.cancel()
            try await task.value
        }
    }

    @Test func shutdownGivesBackTheLeasesOfCancelledPolls() async throws {
        try await Self.withWorkers { store, other, server, clock in
            let feeds = [FeedSubscription(url: server.url(Self.slow))]
            // A lease far longer than the test: only its release lets the other worker claim the feed.
            let service = Self.service(store, server, clock, feeds: feeds, lease: .seconds(600))
            let task = Task { try await service.run() }
            try await waitUntil("the slow feed's request arrives") { server.openRequests(path: Self.slow) == 1 }
            #expect(try await other.claim([feeds[0].url], for: "other", lease: .seconds(60), now: clock.now()).isEmpty)
            task.cancel()
            try await task.value
            #expect(try await store.feed(url: feeds[0].url)?.lastPolledAt == nil, "the cancelled poll stored nothing")
            #expect(
                try await other.claim([feeds[0].url], for: "other", lease: .seconds(60), now: clock.now()).count == 1)
        }
    }
}
