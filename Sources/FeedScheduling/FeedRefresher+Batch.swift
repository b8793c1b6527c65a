import Synchronization
import FeedStorage

extension FeedRefresher {
    /// One feed to poll, its configured interval (nil: learned from the feed) and its retention.
    public struct Job: Sendable {
        public var feed: FeedRecord
        public var interval: Duration?
        public var retention: Retention
        /// The store's lease on the feed, when other workers share the store (``refresh(_:interval:retention:lease:slotFreed:transferEnded:)``).
        public var lease: FeedLease?

        public init(
            feed: FeedRecord, interval: Duration? = nil, retention: Retention = Retention(), lease: FeedLease? = nil
        ) {
            self.feed = feed
            self.interval = interval
            self.retention = retention
            self.lease = lease
        }
    }

    /// Polls waiting only for the store's writer (a 304's small commit, see ``refresh(_:interval:retention:slotFreed:)``)
    /// that may run beside each slot: they hold no document, and their transfers are done.
    public static let pollsPerSlot = 4

    /// Polls many feeds, calling `onReport` as each one ends, with at most `maxInFlight` polls at once that hold
    /// or may still fetch a document.
    ///
    /// The window is a little larger than the fetcher's own transfer limit so that parsing and storing of
    /// finished feeds overlap with the next transfers, yet bounded so that at most `maxInFlight` bodies are held
    /// in memory at once. A poll that ends without a document gives its slot back before its commit: a run of
    /// 304s is then bound by the transfers and the writer's throughput, not by each commit's wait for the sync.
    /// With a `hostGate`, each request waits for a slot of its host shared with the other workers on the store.
    public func refreshAll(
        _ jobs: [Job], maxInFlight: Int, hostGate: HostGate? = nil,
        onReport: @escaping @Sendable (PollReport) -> Void = { _ in }
    ) async -> [PollReport] {
        let slots = max(1, maxInFlight)
        let flight = BatchFlight()
        var reports: [PollReport] = []
        reports.reserveCapacity(jobs.count)
        var pending = jobs.makeIterator()
        var free = slots
        var running = 0
        func take() {
            let taken = flight.events.withLock { events in
                defer { events = BatchEvents() }
                return events
            }
            free += taken.freed
            for (report, freedEarly) in taken.ended {
                running -= 1
                if !freedEarly { free += 1 }
                onReport(report)
                reports.append(report)
            }
        }
        await withDiscardingTaskGroup { group in
            func startMore() {
                while free > 0, running < slots * Self.pollsPerSlot, !Task.isCancelled, let job = pending.next() {
                    free -= 1
                    running += 1
                    group.addTask {
                        let freedEarly = Mutex(false)
                        let report = await self.refresh(
                            job.feed, interval: job.interval, retention: job.retention, lease: job.lease,
                            through: hostGate
                        ) {
                            freedEarly.withLock { $0 = true }
                            flight.events.withLock { $0.freed += 1 }
                            flight.doorbell.ring()
                        }
                        let early = freedEarly.withLock { $0 }
                        flight.events.withLock { $0.ended.append((report, early)) }
                        flight.doorbell.ring()
                    }
                }
            }
            startMore()
            // Cancelled (shutdown): no poll starts any more; the group waits for those in flight, taken below.
            while running > 0, !Task.isCancelled {
                await flight.doorbell.wait()
                take()
                startMore()
            }
        }
        take()
        return reports
    }
}

/// What the polls of a batch tell its loop, and the bell they ring when they do.
private final class BatchFlight: Sendable {
    let events = Mutex(BatchEvents())
    let doorbell = Wakeup()
}

/// What the polls of a batch told its loop since it last looked.
private struct BatchEvents {
    /// Slots given back before their poll's end.
    var freed = 0
    /// Polls that ended, and whether each had given its slot back already.
    var ended: [(report: PollReport, freedEarly: Bool)] = []
}
