import FeedFetching
import FeedScheduling
import FeedStorage
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

extension Application {
    /// `feedd run`: the poller as a service, stopped gracefully by SIGINT or SIGTERM; SIGHUP calls
    /// `reloadConfiguration` and applies the feeds it lists without a restart.
    /// `listen` serves `/healthz`, `/readyz` and `/metrics` there (off when nil).
    public func run(
        reloadConfiguration: (@Sendable () throws -> Configuration)? = nil, listen: ListenAddress? = nil
    ) async throws {
        // One run per SQLite file (a file lock beside it); as many as wanted on a PostgreSQL database, where each
        // claims the feeds it polls (FeedStore.claim).
        let lock = try configuration.usesPostgres ? nil : RunLock(database: configuration.database)
        defer { withExtendedLifetime(lock) {} }
        // A hook command that exits without reading all of its input must not kill the daemon.
        signal(SIGPIPE, SIG_IGN)
        ProcessHeap.mapLargeBlocks()
        try await startHookConsumers()
        // Webhooks and WebSub requests get a fetcher of their own: a slow receiver or hub never takes a feed's
        // transfer slot.
        let hookFetcher = FeedFetcher(concurrency: 2, logger: logger)
        defer { hookFetcher.shutdown() }
        let hooks = makeHookService(fetcher: hookFetcher)
        let webSub = makeWebSubSubscriber(listen: listen, fetcher: hookFetcher, onStored: { hooks?.ring() })
        let (refresher, fetcher) = makeRefresher(webSub: webSub)
        defer { fetcher.shutdown() }
        let metrics = FeedMetrics()
        let defaults = configuration.defaults
        let holder = FeedLease.worker()
        let poller = PollService(
            refresher: refresher, store: store, feeds: configuration.feeds, defaultInterval: defaults.interval,
            retentions: configuration.retentions, maxInFlight: maxInFlight, clock: clock, logger: logger,
            startupSpread: defaults.polling.startupSpread, holder: holder, lease: defaults.polling.lease,
            hostGate: makeHostGate(holder: holder), onReport: { metrics.record($0) })
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: poller, successTerminationBehavior: .gracefullyShutdownGroup)
        ]
        if let listen {
            let server = StatusServer(
                address: listen, metrics: metrics, store: store, disabledFeeds: configuration.disabledFeeds.count,
                hooks: configuration.hooks.map { $0.kind }, webSub: webSub, logger: logger)
            services.append(.init(service: server))
        }
        if let webSub {
            services.append(.init(service: WebSubService(subscriber: webSub, feeds: configuration.feeds)))
        }
        if let hooks {
            services.append(.init(service: hooks))
        }
        if let reloadConfiguration {
            let reloader = ReloadService(
                poller: poller, subscriptions: subscriptions, database: configuration.database,
                load: reloadConfiguration, webSub: webSub, logger: logger)
            services.append(.init(service: reloader))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension Application {
    /// The WebSub subscriber, when `websub.callback` is set and `run --listen` serves its callback; else nil, with
    /// a warning when only the listen address is missing.
    func makeWebSubSubscriber(
        listen: ListenAddress?, fetcher: FeedFetcher, onStored: @escaping @Sendable () -> Void
    ) -> WebSubSubscriber? {
        guard let callback = configuration.webSubCallback else { return nil }
        guard listen != nil else {
            logger.warning("websub.callback is set but run has no --listen to serve it: WebSub stays off")
            return nil
        }
        return WebSubSubscriber(
            callbackBase: callback, store: store, fetcher: fetcher, userAgent: configuration.defaults.userAgent,
            clock: clock, logger: logger, onStored: onStored)
    }
}

/// Re-reads the configuration on SIGHUP. An invalid file keeps the configuration in force and logs why, so a
/// typo made while the daemon runs never stops it.
struct ReloadService: Service {
    let poller: PollService
    let subscriptions: SubscriptionTable
    let database: String
    let load: @Sendable () throws -> Configuration
    /// Ends the subscriptions of feeds a reload removed or disabled.
    let webSub: WebSubSubscriber?
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                self.reload()
            }
        }
    }

    func reload() {
        do {
            let configuration = try load()
            if configuration.database != database {
                logger.warning(
                    "reload: the store's path changed; it applies after a restart",
                    metadata: ["database": "\(configuration.database)"])
            }
            subscriptions.replace(with: configuration.feeds)
            poller.reload(
                feeds: configuration.feeds, defaultInterval: configuration.defaults.interval,
                retentions: configuration.retentions)
            if let webSub { Task { await webSub.keepOnly(configuration.feeds) } }
            logger.notice("configuration reloaded", metadata: ["feeds": "\(configuration.feeds.count)"])
        } catch {
            logger.error("reload refused, the previous configuration stays in force", metadata: ["error": "\(error)"])
        }
    }
}
