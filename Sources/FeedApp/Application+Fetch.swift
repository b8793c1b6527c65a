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
        ProcessHeap.mapLargeBlocks()
        let feeds = try select(urls)
        try await store.register(feeds)
        // Items a fetch stores are owed to the hooks too; the next `feedd run` delivers them.
        try await startHookConsumers()
        var jobs = try await store.feedsToPoll(for: feeds).map { feed, record in
            FeedRefresher.Job(
                feed: record, interval: configuration.interval(of: feed), retention: configuration.retention(of: feed))
        }
        let total = jobs.count
        // Beside `feedd run` workers on a PostgreSQL database, only the feeds no worker is polling.
        let claims = configuration.usesPostgres ? try await claimForFetch(&jobs) : FetchClaims()
        for report in claims.held { onReport(report, total) }
        // The refresher looks a job's feed up by its URL and aliases: those are the entries its table needs.
        let (refresher, fetcher) = makeRefresher(
            only: urls.isEmpty ? nil : Set(jobs.flatMap { [$0.feed.url] + $0.feed.aliases }))
        defer { fetcher.shutdown() }
        let start = ContinuousClock.now
        let hostGate = makeHostGate(holder: claims.holder)
        let renewal = Task { await renewWhileFetching(claims.leases, hostGate) }
        let reports = await refresher.refreshAll(jobs, maxInFlight: maxInFlight, hostGate: hostGate) {
            onReport($0, total)
        }
        renewal.cancel()
        await releaseAfterFetch(claims.leases)
        return FetchSummary(reports: claims.held + reports, elapsed: ContinuousClock.now - start)
    }

    /// The configured feeds named by `urls` (a paused one too: naming it asks for it), all enabled ones when empty.
    func select(_ urls: [String]) throws -> [FeedSubscription] {
        guard !urls.isEmpty else { return configuration.feeds }
        // The first entry of a URL, enabled ones first: by a search for a few URLs (`feedd fetch URL` among
        // thousands of feeds), through a table for many.
        let configured: (String) -> FeedSubscription?
        if urls.count <= 8 {
            configured = { url in
                self.configuration.feeds.first { $0.url == url }
                    ?? self.configuration.disabledFeeds.first { $0.url == url }
            }
        } else {
            let table = Dictionary(configuration.allFeeds.map { ($0.url, $0) }) { first, _ in first }
            configured = { table[$0] }
        }
        return try urls.map { url in
            guard let feed = configured(url) else {
                throw FeedAppError.usage("\(url) is not in the configuration; add it under 'feeds:' first")
            }
            return feed
        }
    }
}
