import FeedModel
import FeedScheduling
import FeedStorage
import Foundation

extension Application {
    /// The totals of a `feedd fetch`.
    public struct FetchSummary: Sendable {
        public var reports: [PollReport]
        public var elapsed: Duration

        public var failed: [PollReport] { reports.filter { $0.outcome == .failed } }
        public var newItems: Int { reports.reduce(0) { $0 + $1.newItems } }
        public var updatedItems: Int { reports.reduce(0) { $0 + $1.updatedItems } }

        public func count(_ outcome: PollReport.Outcome) -> Int { reports.filter { $0.outcome == outcome }.count }
    }

    /// Polls now every configured feed, or only those named in `urls` (which must be configured).
    public func fetch(urls: [String] = [], onReport: @escaping @Sendable (PollReport, Int) -> Void = { _, _ in })
        async throws -> FetchSummary
    {
        let feeds = try select(urls)
        try await store.register(feeds)
        // Items a fetch stores are owed to the hooks too; the next `feedd run` delivers them.
        try await startHookConsumers()
        let jobs = try await store.feedsToPoll(for: feeds).map { feed, record in
            FeedRefresher.Job(
                feed: record, interval: configuration.interval(of: feed), retention: configuration.retention(of: feed))
        }
        let (refresher, fetcher) = makeRefresher()
        defer { fetcher.shutdown() }
        let start = ContinuousClock.now
        let total = jobs.count
        let reports = await refresher.refreshAll(jobs, maxInFlight: maxInFlight) { onReport($0, total) }
        return FetchSummary(reports: reports, elapsed: ContinuousClock.now - start)
    }

    /// The configured feeds named by `urls` (a paused one too: naming it asks for it), all enabled ones when empty.
    func select(_ urls: [String]) throws -> [FeedSubscription] {
        guard !urls.isEmpty else { return configuration.feeds }
        let configured = Dictionary(configuration.allFeeds.map { ($0.url, $0) }) { first, _ in first }
        return try urls.map { url in
            guard let feed = configured[url] else {
                throw FeedAppError.usage("\(url) is not in the configuration; add it under 'feeds:' first")
            }
            return feed
        }
    }
}
