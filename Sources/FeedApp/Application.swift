import FeedFetching
import FeedModel
import FeedParsing
import FeedScheduling
import FeedStorage
import Foundation
import Logging

/// feedd composed from its configuration: one store, one fetcher, one refresher, shared by every command.
public final class Application: Sendable {
    /// The configuration in force (with any `--database` override applied).
    public let configuration: Configuration
    /// The store every command reads and writes.
    public let store: any FeedStore
    /// Each feed's request options, replaced by a configuration reload.
    let subscriptions: SubscriptionTable
    let clock: any FeedClock
    let logger: Logger

    /// Opens the store named by `configuration.database` (``openStore(_:logger:)``).
    public init(configuration: Configuration, clock: any FeedClock = SystemClock(), logger: Logger) throws {
        // Before the store and the fetcher start their threads.
        ProcessHeap.configure()
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        // Filled by makeRefresher: only the commands that poll look feeds up in it.
        self.subscriptions = SubscriptionTable()
        self.store = try Self.openStore(configuration, logger: logger)
    }

    /// A refresher over a new fetcher; call `fetcher.shutdown()` when done. With `only`, its table of request
    /// options holds the configured feeds of those URLs (the feeds it will poll, by URL and alias), else all.
    func makeRefresher(only urls: Set<String>? = nil, webSub: WebSubSubscriber? = nil) -> (FeedRefresher, FeedFetcher) {
        let defaults = configuration.defaults
        let fetcher = FeedFetcher(
            concurrency: defaults.concurrency, perHost: defaults.perHost, minimumHostGap: defaults.minHostGap,
            logger: logger)
        var settings = FeedRefresher.Settings(userAgent: defaults.userAgent, timeout: defaults.timeout)
        settings.proxy = defaults.proxy
        subscriptions.replace(
            with: urls.map { urls in configuration.feeds.filter { urls.contains($0.url) } } ?? configuration.feeds)
        settings.subscriptions = subscriptions
        settings.webSub = webSub
        let refresher = FeedRefresher(
            fetcher: fetcher, store: store, clock: clock, policy: defaults.polling.policy, settings: settings,
            logger: logger)
        return (refresher, fetcher)
    }

    /// The host slots this process shares with the other workers on a PostgreSQL database, so that per_host and
    /// min_host_gap hold for all of them together; nil for a SQLite file, which one run polls at a time and whose
    /// fetcher's own limits keep it polite at no cost.
    func makeHostGate(holder: String) -> HostGate? {
        guard configuration.usesPostgres else { return nil }
        let defaults = configuration.defaults
        return HostGate(
            store: store, holder: holder, perHost: defaults.perHost, minimumGap: defaults.minHostGap,
            lease: defaults.polling.lease, logger: logger)
    }

    /// How many polls may be in flight at once: the transfer limit plus a few being parsed and stored.
    var maxInFlight: Int { configuration.defaults.concurrency + 4 }
}
