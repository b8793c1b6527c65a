import FeedModel
import FeedStorage
import Foundation

extension PollService {
    /// What the loop shares with the polls it started.
    struct Flight {
        /// The feeds (by their stored URL) whose poll started and was not yet taken back by the loop.
        var polling: Set<String> = []
        /// Polls that ended since the loop last looked: the feed's URL at the start, and the report.
        var ended: [(url: String, report: PollReport)] = []
    }

    /// What the loop knows between two looks at the schedule.
    struct LoopState {
        var current = Schedule(feeds: [], defaultInterval: nil, retentions: [:], changed: false)
        /// The stored rows of the configured feeds, as last read.
        var rows: [(FeedSubscription, FeedRecord)] = []
        /// When `rows` were read; they are read again at least every `maxSleep`.
        var readAt = Date.distantPast
        /// Feeds polled since `rows` were read: their rows are out of date, so they are read again before such a
        /// feed is started again (its validators, failures and baseline changed).
        var stale: Set<String> = []
        /// Feeds not to start before the date given: overdue feeds spread after start-up, and feeds polled since
        /// the last read (until the next poll their report announced, or `maxSleep` when the store could not
        /// record one).
        var notBefore: [String: Date] = [:]
        var started = false
    }

    /// The loop: start due feeds while slots are free, then sleep until the next due time, the end of a poll or a
    /// reload (never longer than `maxSleep`), and look again. Leaving the task group waits for the polls in
    /// flight, which cancellation has reached: their transfers stop, and what had arrived is stored.
    func loop() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            var state = LoopState()
            while !Task.isCancelled {
                try await takeReload(&state)
                let now = clock.now()
                takeBack(&state, now: now)
                if needsRead(state, now: now) {
                    guard await read(&state, now: now) else {
                        // A store that cannot be read now (disk full, a long lock) may recover: look again soon.
                        try await sleep(until: now.addingTimeInterval(min(maxSleep, 10)))
                        continue
                    }
                }
                let polling = flight.withLock { $0.polling }
                let free = maxInFlight - polling.count
                for (subscription, record) in due(state, now: now, excluding: polling).prefix(max(0, free)) {
                    guard !Task.isCancelled else { break }
                    start(record, subscription, state.current, in: &group)
                }
                try await sleep(until: wakeTime(state, now: now))
            }
            throw CancellationError()
        }
    }

    /// Applies a reload's feed list, if one came: registers it in the store and has the rows read again.
    private func takeReload(_ state: inout LoopState) async throws {
        let latest = schedule.withLock { latest in
            defer { latest.changed = false }
            return latest
        }
        guard latest.changed else { return }
        state.current = latest
        try await store.register(state.current.feeds)
        state.readAt = .distantPast
        logger.info("poller (re)started", metadata: ["feeds": "\(state.current.feeds.count)"])
    }

    /// Takes back the polls that ended: their slots are free, their rows out of date until the next read.
    private func takeBack(_ state: inout LoopState, now: Date) {
        let ended = flight.withLock { flight in
            defer { flight.ended = [] }
            for poll in flight.ended { flight.polling.remove(poll.url) }
            return flight.ended
        }
        for (url, report) in ended {
            state.stale.insert(url)
            if report.outcome == .cancelled { continue }
            state.notBefore[url] = report.nextPollAt ?? now.addingTimeInterval(maxSleep)
        }
        state.notBefore = state.notBefore.filter { $0.value > now }
    }

    /// Whether the rows must be read before deciding: after a reload, every `maxSleep`, and when a feed polled
    /// since the last read may be due again.
    private func needsRead(_ state: LoopState, now: Date) -> Bool {
        now >= state.readAt.addingTimeInterval(maxSleep) || state.stale.contains { state.notBefore[$0] == nil }
    }

    /// Reads the rows; false when the store failed (logged).
    private func read(_ state: inout LoopState, now: Date) async -> Bool {
        do {
            // Polls that end during the read are still in `polling`; the next look takes them back as stale.
            state.rows = try await store.feedsToPoll(for: state.current.feeds)
        } catch {
            logger.error("cannot read the feed list from the store", metadata: ["error": "\(error)"])
            return false
        }
        state.readAt = now
        state.stale = []
        if !state.started {
            state.started = true
            state.notBefore = spreadOverdue(state.rows.map(\.1), now: now)
        }
        return true
    }

    /// The feeds to start now, earliest due first (new feeds first of all), in configuration order among equals.
    private func due(_ state: LoopState, now: Date, excluding polling: Set<String>) -> [(
        FeedSubscription, FeedRecord
    )] {
        state.rows.enumerated().compactMap { index, row -> (Date, Int)? in
            let url = row.1.url
            guard !polling.contains(url), state.notBefore[url] == nil, let at = Self.dueAt(row.1), at <= now else {
                return nil
            }
            return (at, index)
        }
        .sorted { $0 < $1 }
        .map { state.rows[$0.1] }
    }

    /// When to look again: the earliest time a feed not in flight falls due, at most `maxSleep` away. With every
    /// slot taken only the end of a poll (which rings) or a reload changes anything.
    private func wakeTime(_ state: LoopState, now: Date) -> Date {
        let latest = now.addingTimeInterval(maxSleep)
        let polling = flight.withLock { $0.polling }
        guard polling.count < maxInFlight else { return latest }
        let next = state.rows.lazy.filter { !polling.contains($0.1.url) }
            .compactMap { _, feed in Self.dueAt(feed).map { max($0, state.notBefore[feed.url] ?? .distantPast) } }
            .min()
        return min(next ?? .distantFuture, latest)
    }

    /// Starts one poll as a child task; when it ends it reports, hands its feed back and wakes the loop.
    private func start(
        _ feed: FeedRecord, _ subscription: FeedSubscription, _ schedule: Schedule,
        in group: inout ThrowingDiscardingTaskGroup<any Error>
    ) {
        flight.withLock { _ = $0.polling.insert(feed.url) }
        let interval = subscription.interval ?? schedule.defaultInterval
        let retention = schedule.retentions[subscription.url] ?? Retention()
        group.addTask {
            let report = await self.refresher.refresh(feed, interval: interval, retention: retention)
            self.onReport(report)
            self.flight.withLock { $0.ended.append((feed.url, report)) }
            self.wakeup.ring()
        }
    }
}
