import FeedModel
import FeedStorage
import Foundation

extension PollService {
    /// What the loop shares with the polls it started.
    struct Flight {
        /// The feeds (by their stored URL) whose poll started and was not yet taken back by the loop.
        var polling: Set<String> = []
        /// Those of `polling` that gave their slot back: they hold no document and wait only for their commit.
        var freed: Set<String> = []
        /// Polls that ended since the loop last looked: the feed's URL at the start, and the report.
        var ended: [(url: String, report: PollReport)] = []
        /// The leases of the polls in flight, by URL, renewed until each poll ends.
        var leases: [String: FeedLease] = [:]
    }

    /// What the loop knows between two looks at the schedule.
    struct LoopState {
        var current = Schedule(feeds: [], defaultInterval: nil, retentions: [:], changed: false)
        /// The stored rows of the configured feeds, as last read.
        var rows: [(FeedSubscription, FeedRecord)] = []
        /// The rows that may be polled (not gone), earliest due first (new feeds first of all), in configuration
        /// order among equals: a look walks only the head of it, so that the end of one poll among thousands of
        /// feeds costs little.
        var order: [(at: Date, row: Int)] = []
        /// When `rows` were read; they are read again at least every `maxSleep`.
        var readAt = Date.distantPast
        /// The earliest time a feed polled since `rows` were read may be started again: its row is out of date
        /// then (validators, failures, baseline), so the rows are read again first.
        var staleUntil = Date.distantFuture
        /// Feeds not to start before the date given: overdue feeds spread after start-up, and feeds polled since
        /// the last read (until the next poll their report announced, or `maxSleep` when the store could not
        /// record one).
        var notBefore: [String: Date] = [:]
        var started = false
        /// Whether polls ended since the heap was last trimmed (``ProcessHeap``), and when that was.
        var polledSinceTrim = false
        var trimmedAt = Date.distantPast

        /// Whether `url` must wait for its date in `notBefore`.
        func held(_ url: String, at now: Date) -> Bool { notBefore[url].map { $0 > now } ?? false }
    }

    /// The loop: start due feeds while slots are free, then sleep until the next due time, the end of a poll or a
    /// reload (never longer than `maxSleep`), and look again. Leaving the task group waits for the polls in
    /// flight, which cancellation has reached: their transfers stop, and what had arrived is stored.
    func loop() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.renewLeases() }
            var state = LoopState()
            while !Task.isCancelled {
                try await takeReload(&state)
                let now = clock.now()
                takeBack(&state, now: now)
                if now >= state.readAt.addingTimeInterval(maxSleep) || now >= state.staleUntil {
                    guard await read(&state, now: now) else {
                        // A store that cannot be read now (disk full, a long lock) may recover: look again soon.
                        try await sleep(until: now.addingTimeInterval(min(maxSleep, 10)))
                        continue
                    }
                }
                let (polling, limit) = flight.withLock { ($0.polling, freeSlots($0)) }
                let starting = due(&state, now: now, excluding: polling, limit: limit)
                for (subscription, record, lease) in await claim(starting, &state, now: now)
                where !Task.isCancelled {
                    start(record, subscription, lease, state.current, in: &group)
                }
                if polling.isEmpty, starting.isEmpty { await trimIfIdle(&state, now: now) }
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
            for poll in flight.ended {
                flight.polling.remove(poll.url)
                flight.freed.remove(poll.url)
            }
            return flight.ended
        }
        if !ended.isEmpty { state.polledSinceTrim = true }
        for (url, report) in ended {
            // Polls that shutdown cancelled are never started again.
            guard report.outcome != .cancelled else { continue }
            let next = report.nextPollAt ?? now.addingTimeInterval(maxSleep)
            state.notBefore[url] = next
            state.staleUntil = min(state.staleUntil, next)
        }
    }

    /// Nothing is in flight: the store drops what only the polls so far needed, and what they freed goes back to
    /// the system (at most every ``ProcessHeap/minimumTrimGap`` seconds).
    private func trimIfIdle(_ state: inout LoopState, now: Date) async {
        guard state.polledSinceTrim, now.timeIntervalSince(state.trimmedAt) >= ProcessHeap.minimumTrimGap else {
            return
        }
        await store.releaseIdleMemory()
        ProcessHeap.releaseFreePages()
        state.polledSinceTrim = false
        state.trimmedAt = now
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
        state.staleUntil = .distantFuture
        state.order = state.rows.enumerated().compactMap { index, row in Self.dueAt(row.1).map { ($0, index) } }
            .sorted { ($0.at, $0.row) < ($1.at, $1.row) }
        if state.started {
            state.notBefore = state.notBefore.filter { $0.value > now }
        } else {
            state.started = true
            state.notBefore = spreadOverdue(state.rows.map(\.1), now: now)
        }
        return true
    }

    /// Takes out of `order` at most `limit` feeds to start now, earliest due first. A feed started stays out of it
    /// until the next read: when its poll ends it waits for the report's date, and that date brings a read.
    private func due(_ state: inout LoopState, now: Date, excluding polling: Set<String>, limit: Int) -> [(
        FeedSubscription, FeedRecord
    )] {
        var found: [(FeedSubscription, FeedRecord)] = []
        var taken: [Int] = []
        for (position, (at, index)) in state.order.enumerated() {
            guard at <= now, found.count < limit else { break }
            let row = state.rows[index]
            if polling.contains(row.1.url) || state.held(row.1.url, at: now) { continue }
            found.append(row)
            taken.append(position)
        }
        for position in taken.reversed() { state.order.remove(at: position) }
        return found
    }

    /// When to look again: the earliest time a feed not in flight may be started, at most `maxSleep` away. With
    /// every slot taken only the end of a poll (which rings) or a reload changes anything.
    private func wakeTime(_ state: LoopState, now: Date) -> Date {
        let latest = now.addingTimeInterval(maxSleep)
        let (polling, free) = flight.withLock { ($0.polling, freeSlots($0)) }
        guard free > 0 else { return latest }
        // Feeds polled since the read are out of `order`; the earliest of their dates is `staleUntil`. A row is
        // not started before its due time nor before its date in `notBefore`, whichever is later; rows come in
        // due order, so none after one due later than the earliest found can be earlier.
        var earliest = min(latest, state.staleUntil)
        // A trim put off by its minimum gap happens once the gap has passed, not at the next poll's end.
        if state.polledSinceTrim, polling.isEmpty {
            earliest = min(earliest, max(now, state.trimmedAt.addingTimeInterval(ProcessHeap.minimumTrimGap)))
        }
        for (at, index) in state.order {
            guard at < earliest else { break }
            let url = state.rows[index].1.url
            if polling.contains(url) { continue }
            earliest = min(earliest, max(at, state.notBefore[url] ?? .distantPast))
        }
        return earliest
    }

    /// How many more polls may start: `maxInFlight` of those that hold or may still fetch a document, and a few
    /// per slot of those that only wait for their commit (``FeedRefresher/pollsPerSlot``).
    private func freeSlots(_ flight: Flight) -> Int {
        let holding = flight.polling.count - flight.freed.count
        return max(0, min(maxInFlight - holding, maxInFlight * FeedRefresher.pollsPerSlot - flight.polling.count))
    }

    /// Starts one poll as a child task; when it ends it reports, hands its feed back and wakes the loop.
    private func start(
        _ feed: FeedRecord, _ subscription: FeedSubscription, _ lease: FeedLease, _ schedule: Schedule,
        in group: inout ThrowingDiscardingTaskGroup<any Error>
    ) {
        flight.withLock {
            $0.polling.insert(feed.url)
            $0.leases[feed.url] = lease
        }
        let interval = subscription.interval ?? schedule.defaultInterval
        let retention = schedule.retentions[subscription.url] ?? Retention()
        group.addTask {
            let report = await self.refresher.refresh(
                feed, interval: interval, retention: retention, lease: lease, through: self.hostGate
            ) {
                self.flight.withLock { _ = $0.freed.insert(feed.url) }
                self.wakeup.ring()
            }
            self.onReport(report)
            if report.outcome == .cancelled { await self.release(lease) }
            self.flight.withLock {
                $0.ended.append((feed.url, report))
                $0.leases[feed.url] = nil
            }
            self.wakeup.ring()
        }
    }
}
