import FeedScheduling
import FeedStorage
import Yams

extension Configuration {
    /// The scheduler's bounds (`defaults:` keys `min_interval`, `max_interval`, `startup_spread`,
    /// `retry_after_cap`, `lease`).
    public struct Polling: Sendable, Hashable {
        /// The shortest interval feedd learns for a feed (default 5m): no feed is hammered.
        public var minInterval: Duration = .seconds(300)
        /// The longest interval feedd learns for a feed (default 24h): even a silent feed is looked at daily.
        public var maxInterval: Duration = .seconds(86_400)
        /// After a restart, overdue feeds are spread over this long (default 2m) instead of all firing at once.
        public var startupSpread: Duration = .seconds(120)
        /// The most a server's Retry-After may defer a feed (default 24h).
        public var retryAfterCap: Duration = .seconds(86_400)
        /// How long a worker's claim on a feed it polls lasts unless renewed (default 30s, ``FeedLease``): on a
        /// PostgreSQL store that several `feedd run` share, a killed worker's feeds go to the others after this.
        public var lease: Duration = FeedLease.defaultDuration

        public init() {}

        /// The keys this struct reads under `defaults:`.
        static let keys: Set<String> = [
            "min_interval", "max_interval", "startup_spread", "retry_after_cap", "lease",
        ]

        /// The poll policy these bounds make.
        public var policy: PollPolicy {
            PollPolicy(minInterval: minInterval, maxInterval: maxInterval, retryAfterCap: retryAfterCap)
        }
    }
}

extension ConfigReader {
    /// Reads the polling keys of `defaults:`; `min_interval` must not exceed `max_interval`.
    func polling(_ map: Node.Mapping) throws(FeedAppError) -> Configuration.Polling {
        var polling = Configuration.Polling()
        if let value = map.value("min_interval") {
            polling.minInterval = try duration(value, at: "defaults.min_interval")
        }
        if let value = map.value("max_interval") {
            polling.maxInterval = try duration(value, at: "defaults.max_interval")
        }
        if let value = map.value("startup_spread") {
            polling.startupSpread = try duration(value, at: "defaults.startup_spread")
        }
        if let value = map.value("retry_after_cap") {
            polling.retryAfterCap = try duration(value, at: "defaults.retry_after_cap")
        }
        if let value = map.value("lease") {
            polling.lease = try duration(value, at: "defaults.lease")
            // Renewed every third of it: under a second, a busy database could not keep up.
            guard polling.lease >= .seconds(1) else { throw fail("defaults.lease", value, "is shorter than 1s") }
        }
        guard polling.minInterval <= polling.maxInterval else {
            throw fail("defaults.min_interval", map.value("min_interval"), "is longer than max_interval")
        }
        return polling
    }
}
