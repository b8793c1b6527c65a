import FeedModel
import FeedStorage
import Foundation
import Logging
import ServiceLifecycle

/// `feedd run`: polls every configured feed when it is due, forever, until a graceful shutdown.
///
/// On SIGINT/SIGTERM (delivered by the service group as a graceful shutdown) no new poll starts, transfers in
/// flight are cancelled, and polls whose data already arrived finish storing (``FeedRefresher`` commits in a task
/// that cancellation does not reach); then `run()` returns.
public final class PollService: Service {
    let refresher: FeedRefresher
    let store: any FeedStore
    let feeds: [FeedSubscription]
    let defaultInterval: Duration
    let maxInFlight: Int
    let clock: any FeedClock
    let logger: Logger
    /// The longest sleep between two looks at the schedule.
    let maxSleep: TimeInterval

    public init(
        refresher: FeedRefresher, store: any FeedStore, feeds: [FeedSubscription], defaultInterval: Duration,
        maxInFlight: Int, clock: any FeedClock, logger: Logger, maxSleep: TimeInterval = 60
    ) {
        self.refresher = refresher
        self.store = store
        self.feeds = feeds
        self.defaultInterval = defaultInterval
        self.maxInFlight = maxInFlight
        self.clock = clock
        self.logger = logger
        self.maxSleep = maxSleep
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Shutdown: the loop stopped between polls.
        }
        logger.info("poller stopped")
    }

    private func loop() async throws {
        try await store.register(feeds)
        let intervals = Dictionary(feeds.map { ($0.url, $0.interval ?? defaultInterval) }) { first, _ in first }
        logger.info("poller started", metadata: ["feeds": "\(feeds.count)"])
        // Feeds whose last poll could not record its next time (the store failed): left alone for a while so
        // that a broken store does not turn the loop into a busy one.
        var deferred: [String: Date] = [:]
        while !Task.isCancelled {
            let now = clock.now()
            let known: [FeedRecord]
            do {
                known = try await store.feeds().filter { intervals[$0.url] != nil }
            } catch {
                // A store that cannot be read now (disk full, a long lock) may recover: say so and look again.
                logger.error("cannot read the feed list from the store", metadata: ["error": "\(error)"])
                try await clock.sleep(until: now.addingTimeInterval(min(maxSleep, 10)))
                continue
            }
            deferred = deferred.filter { $0.value > now }
            let due = known.filter { ($0.nextDueAt ?? .distantPast) <= now && deferred[$0.url] == nil }
            if !due.isEmpty {
                let jobs = due.map { FeedRefresher.Job(feed: $0, interval: intervals[$0.url] ?? defaultInterval) }
                for report in await refresher.refreshAll(jobs, maxInFlight: maxInFlight)
                where report.nextPollAt == nil && report.outcome != .cancelled {
                    deferred[report.feedURL] = now.addingTimeInterval(maxSleep)
                }
                continue
            }
            let next = known.compactMap(\.nextDueAt).min() ?? now.addingTimeInterval(maxSleep)
            try await clock.sleep(until: min(next, now.addingTimeInterval(maxSleep)))
        }
        throw CancellationError()
    }
}
