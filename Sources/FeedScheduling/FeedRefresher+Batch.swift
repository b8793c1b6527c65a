import FeedStorage

extension FeedRefresher {
    /// One feed to poll, its configured interval (nil: learned from the feed) and its retention.
    public struct Job: Sendable {
        public var feed: FeedRecord
        public var interval: Duration?
        public var retention: Retention

        public init(feed: FeedRecord, interval: Duration? = nil, retention: Retention = Retention()) {
            self.feed = feed
            self.interval = interval
            self.retention = retention
        }
    }

    /// Polls many feeds with at most `maxInFlight` polls at once, calling `onReport` as each one ends.
    ///
    /// The window is a little larger than the fetcher's own transfer limit so that parsing and storing of
    /// finished feeds overlap with the next transfers, yet bounded so that at most `maxInFlight` bodies are held
    /// in memory at once.
    public func refreshAll(
        _ jobs: [Job], maxInFlight: Int, onReport: @escaping @Sendable (PollReport) -> Void = { _ in }
    ) async -> [PollReport] {
        await withTaskGroup(of: PollReport.self) { group in
            var reports: [PollReport] = []
            reports.reserveCapacity(jobs.count)
            var pending = jobs.makeIterator()
            func startNext() -> Bool {
                guard !Task.isCancelled, let job = pending.next() else { return false }
                group.addTask { await self.refresh(job.feed, interval: job.interval, retention: job.retention) }
                return true
            }
            for _ in 0..<max(1, maxInFlight) where !startNext() { break }
            while let report = await group.next() {
                onReport(report)
                reports.append(report)
                _ = startNext()
            }
            return reports
        }
    }
}
