import FeedModel
import FeedStorage
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// `feedd run`: polls every configured feed when it is due, forever, until a graceful shutdown.
///
/// On SIGINT/SIGTERM (delivered by the service group as a graceful shutdown) no new poll starts, transfers in
/// flight are cancelled, and polls whose data already arrived finish storing (``FeedRefresher`` commits in a task
/// that cancellation does not reach); then `run()` returns. ``reload(feeds:defaultInterval:)`` (SIGHUP) swaps the
/// feed list without a restart.
public final class PollService: Service {
    /// The feed list in force; replaced whole by a reload.
    private struct Schedule {
        var feeds: [FeedSubscription]
        var defaultInterval: Duration
        /// Each feed's retention, by URL (a feed not listed keeps everything).
        var retentions: [String: Retention]
        /// Set by a reload: the loop registers the new list in the store before its next look.
        var changed: Bool
    }

    let refresher: FeedRefresher
    let store: any FeedStore
    private let schedule: Mutex<Schedule>
    private let wakeup = Wakeup()
    let maxInFlight: Int
    let clock: any FeedClock
    let logger: Logger
    /// The longest sleep between two looks at the schedule.
    let maxSleep: TimeInterval
    /// Called with every poll's report as it completes (metrics).
    let onReport: @Sendable (PollReport) -> Void

    public init(
        refresher: FeedRefresher, store: any FeedStore, feeds: [FeedSubscription], defaultInterval: Duration,
        retentions: [String: Retention] = [:], maxInFlight: Int, clock: any FeedClock, logger: Logger,
        maxSleep: TimeInterval = 60, onReport: @escaping @Sendable (PollReport) -> Void = { _ in }
    ) {
        self.onReport = onReport
        self.refresher = refresher
        self.store = store
        self.schedule = Mutex(
            Schedule(feeds: feeds, defaultInterval: defaultInterval, retentions: retentions, changed: true))
        self.maxInFlight = maxInFlight
        self.clock = clock
        self.logger = logger
        self.maxSleep = maxSleep
    }

    /// Applies a new feed list: added feeds are polled at once, removed ones are no longer polled (their items
    /// stay in the store), changed intervals apply from their next poll.
    public func reload(
        feeds: [FeedSubscription], defaultInterval: Duration, retentions: [String: Retention] = [:]
    ) {
        schedule.withLock {
            $0 = Schedule(feeds: feeds, defaultInterval: defaultInterval, retentions: retentions, changed: true)
        }
        wakeup.ring()
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
        var intervals: [String: Duration] = [:]
        var defaultInterval = Duration.seconds(1800)
        var retentions: [String: Retention] = [:]
        // Feeds whose last poll could not record its next time (the store failed): left alone for a while so
        // that a broken store does not turn the loop into a busy one.
        var deferred: [String: Date] = [:]
        while !Task.isCancelled {
            let current = schedule.withLock { current in
                defer { current.changed = false }
                return current
            }
            if current.changed {
                try await store.register(current.feeds)
                defaultInterval = current.defaultInterval
                retentions = current.retentions
                intervals = Dictionary(current.feeds.map { ($0.url, $0.interval ?? defaultInterval) }) { a, _ in a }
                logger.info("poller (re)started", metadata: ["feeds": "\(current.feeds.count)"])
            }
            let now = clock.now()
            let known: [FeedRecord]
            do {
                known = try await store.feeds().filter { intervals[$0.url] != nil }
            } catch {
                // A store that cannot be read now (disk full, a long lock) may recover: say so and look again.
                logger.error("cannot read the feed list from the store", metadata: ["error": "\(error)"])
                try await sleep(until: now.addingTimeInterval(min(maxSleep, 10)))
                continue
            }
            deferred = deferred.filter { $0.value > now }
            let due = known.filter { ($0.nextDueAt ?? .distantPast) <= now && deferred[$0.url] == nil }
            if !due.isEmpty {
                let jobs = due.map {
                    FeedRefresher.Job(
                        feed: $0, interval: intervals[$0.url] ?? defaultInterval,
                        retention: retentions[$0.url] ?? Retention())
                }
                for report in await refresher.refreshAll(jobs, maxInFlight: maxInFlight, onReport: onReport)
                where report.nextPollAt == nil && report.outcome != .cancelled {
                    deferred[report.feedURL] = now.addingTimeInterval(maxSleep)
                }
                continue
            }
            let next = known.compactMap(\.nextDueAt).min() ?? now.addingTimeInterval(maxSleep)
            try await sleep(until: min(next, now.addingTimeInterval(maxSleep)))
        }
        throw CancellationError()
    }

    /// Sleeps until `deadline` or a reload, whichever comes first.
    private func sleep(until deadline: Date) async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await self.clock.sleep(until: deadline) }
            group.addTask { await self.wakeup.wait() }
            await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }
}
