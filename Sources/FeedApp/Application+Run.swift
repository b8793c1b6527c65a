import FeedScheduling
import Logging
import ServiceLifecycle

extension Application {
    /// `feedd run`: the poller as a service, stopped gracefully by SIGINT or SIGTERM.
    public func run() async throws {
        let lock = try RunLock(database: configuration.database)
        defer { withExtendedLifetime(lock) {} }
        let (refresher, fetcher) = makeRefresher()
        defer { fetcher.shutdown() }
        let poller = PollService(
            refresher: refresher, store: store, feeds: configuration.feeds,
            defaultInterval: configuration.defaults.interval, maxInFlight: maxInFlight, clock: clock, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: poller, successTerminationBehavior: .gracefullyShutdownGroup)
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
