import FeedModel
import FeedStorage
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// `feedd run`: polls every configured feed when it is due, forever, until a graceful shutdown.
///
/// Up to `maxInFlight` polls run at once, each in its own child task; a freed slot goes at once to the next due
/// feed, so a feed hanging until its timeout holds one slot only, and no feed is polled twice at a time.
/// SIGINT/SIGTERM stop new polls and cancel transfers while polls whose data arrived finish storing
/// (``FeedRefresher`` commits out of cancellation's reach); SIGHUP swaps the feed list
/// (``reload(feeds:defaultInterval:retentions:)``). A gone feed (410) or one in its Retry-After window is never due.
/// Several workers may share one store: each claims the feeds it is about to poll and polls only those granted
/// (PollService+Leases.swift), and with a ``HostGate`` sends each request only once it holds a slot of the host.
public final class PollService: Service {
    /// The feed list in force; replaced whole by a reload.
    struct Schedule {
        var feeds: [FeedSubscription]
        /// The interval of feeds that set none; nil lets the policy learn each feed's interval.
        var defaultInterval: Duration?
        /// Each feed's retention, by URL (a feed not listed keeps everything).
        var retentions: [String: Retention]
        /// Set by a reload: the loop registers the new list in the store before its next look.
        var changed: Bool
    }

    let refresher: FeedRefresher
    let store: any FeedStore
    let schedule: Mutex<Schedule>
    /// Rung by a reload and by every poll that ends, so that the loop looks again at once.
    let wakeup = Wakeup()
    /// The polls in flight and those ended since the loop last looked (see PollService+Loop.swift).
    let flight = Mutex(Flight())
    let maxInFlight: Int
    let clock: any FeedClock
    let logger: Logger
    /// The longest sleep between two looks at the schedule.
    let maxSleep: TimeInterval
    /// Called with every poll's report as it completes (metrics).
    let onReport: @Sendable (PollReport) -> Void
    /// Overdue feeds at start-up are spread over this long instead of all firing at once.
    let startupSpread: Duration
    let random: @Sendable () -> Double
    /// This worker as a lease holder (``FeedLease/worker(startedAt:)``).
    let holder: String
    /// How long a claimed feed's lease runs unless renewed (``FeedLease/defaultDuration``).
    let lease: Duration
    /// Host slots shared with the other workers on the store (nil: the fetcher's own per-process limits only).
    let hostGate: HostGate?

    public init(
        refresher: FeedRefresher, store: any FeedStore, feeds: [FeedSubscription], defaultInterval: Duration? = nil,
        retentions: [String: Retention] = [:], maxInFlight: Int, clock: any FeedClock, logger: Logger,
        maxSleep: TimeInterval = 60, startupSpread: Duration = .seconds(120), holder: String = FeedLease.worker(),
        lease: Duration = FeedLease.defaultDuration, hostGate: HostGate? = nil,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        onReport: @escaping @Sendable (PollReport) -> Void = { _ in }
    ) {
        self.onReport = onReport
        self.refresher = refresher
        self.store = store
        self.schedule = Mutex(
            Schedule(feeds: feeds, defaultInterval: defaultInterval, retentions: retentions, changed: true))
        self.maxInFlight = max(1, maxInFlight)
        self.clock = clock
        self.logger = logger
        self.maxSleep = maxSleep
        self.startupSpread = startupSpread
        self.random = random
        self.holder = holder
        self.lease = lease
        self.hostGate = hostGate
    }

    /// Applies a new feed list: added feeds are polled at once, removed ones are no longer polled (their items
    /// stay in the store), changed intervals apply from their next poll.
    public func reload(
        feeds: [FeedSubscription], defaultInterval: Duration? = nil, retentions: [String: Retention] = [:]
    ) {
        schedule.withLock {
            $0 = Schedule(feeds: feeds, defaultInterval: defaultInterval, retentions: retentions, changed: true)
        }
        wakeup.ring()
    }

    /// How many polls are in flight: started and not yet taken back by the loop (a poll that ended is taken back
    /// the next time the loop looks, at once).
    public var pollsInFlight: Int { flight.withLock { $0.polling.count } }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Shutdown: no poll starts any more, and the polls in flight have ended (their transfers cancelled,
            // what had arrived stored).
        }
        logger.info("poller stopped")
    }

    /// When the feed may next be requested: its next poll, not inside its Retry-After window; never when gone.
    static func dueAt(_ feed: FeedRecord) -> Date? {
        earliestPoll(next: feed.nextDueAt, retryAfterUntil: feed.pollState.retryAfterUntil, gone: feed.isGone)
    }

    /// When a feed may next be requested: its next poll (nil: now), not inside its Retry-After window; never
    /// (nil) when gone.
    public static func earliestPoll(next: Date?, retryAfterUntil: Date?, gone: Bool) -> Date? {
        if gone { return nil }
        return max(next ?? .distantPast, retryAfterUntil ?? .distantPast)
    }

    /// The start-up spread: feeds polled before and overdue now get one slot each of `startupSpread`, most
    /// overdue first, so a restart after a long stop does not fire them all at once; feeds never polled (new
    /// ones) are left out and polled at once.
    func spreadOverdue(_ feeds: [FeedRecord], now: Date) -> [String: Date] {
        let overdue = feeds.filter { $0.nextDueAt != nil && (Self.dueAt($0).map { $0 <= now } ?? false) }
            .sorted { ($0.nextDueAt ?? now, $0.url) < ($1.nextDueAt ?? now, $1.url) }
        // One overdue feed is no herd: it is polled at once.
        guard overdue.count > 1 else { return [:] }
        var result: [String: Date] = [:]
        for (index, feed) in overdue.enumerated() {
            let delay = PollPolicy.startupSpread(
                overdue: index, count: overdue.count, spread: startupSpread, random: random())
            let seconds = delay.timeInterval
            if seconds > 0 { result[feed.url] = now.addingTimeInterval(seconds) }
        }
        if !result.isEmpty {
            logger.info(
                "overdue feeds spread over the start-up window",
                metadata: ["feeds": "\(overdue.count)", "spread_s": "\(startupSpread.components.seconds)"])
        }
        return result
    }

    /// Sleeps until `deadline`, a reload or the end of a poll, whichever comes first.
    func sleep(until deadline: Date) async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await self.clock.sleep(until: deadline) }
            group.addTask { await self.wakeup.wait() }
            await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }
}
