import FeedModel
import Foundation

/// How a hook is called and retried (`on_new_items` / `on_new_items_url` in the configuration).
public struct HookSettings: Sendable, Hashable {
    /// The first retry's delay; each further failure doubles it, up to `maxRetryDelay`.
    public var retry: Duration
    /// The longest wait between two attempts: a hook down for a day is still tried every hour.
    public var maxRetryDelay: Duration
    /// The longest one call may take before it counts as failed (the command is killed, the request cut).
    public var timeout: Duration
    /// At most this many items per call.
    public var batchSize: Int

    public init(
        retry: Duration = .seconds(30), maxRetryDelay: Duration = .seconds(3600), timeout: Duration = .seconds(60),
        batchSize: Int = 100
    ) {
        self.retry = retry
        self.maxRetryDelay = maxRetryDelay
        self.timeout = timeout
        self.batchSize = batchSize
    }

    /// The wait after `failures` failures in a row: `retry` doubled per failure, capped, with "equal jitter" (half
    /// fixed, half random) so that the wait never collapses to zero yet hooks failing together drift apart.
    func retryDelay(afterFailures failures: Int, random: Double) -> TimeInterval {
        let base = retry.timeInterval * pow(2, Double(min(max(failures - 1, 0), 30)))
        let capped = min(base, maxRetryDelay.timeInterval)
        return capped / 2 + capped / 2 * random
    }
}
