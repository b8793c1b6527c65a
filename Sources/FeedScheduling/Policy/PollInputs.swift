import FeedModel
import Foundation

/// Everything the poll policy looks at to decide when a feed is polled next. A plain value: tests inject `now`
/// and `random` and get exact times back.
public struct PollInputs: Sendable {
    /// The moment the poll finished.
    public var now: Date
    /// The interval configured for this feed; when set it replaces the adaptive interval.
    public var configuredInterval: Duration?
    /// When feedd first saw each new item; only those in the 7 days before `now` count.
    public var newItemTimes: [Date]
    /// When feedd began observing the feed: the store's baseline, the poll that stored its first document. Nil
    /// when nothing was ever stored (a new feed, or one that has only failed); the adaptive interval then
    /// assumes the shortest observation (``PollPolicy/minObservation``).
    public var observedSince: Date?
    /// Failures in a row including this poll's (0 after a success, which resets the backoff).
    public var consecutiveFailures: Int
    /// The feed's own hints: RSS `ttl`, `skipHours`, `skipDays`, `sy:updatePeriod` / `sy:updateFrequency`.
    public var hints: PollingHints
    /// HTTP `Cache-Control: max-age` (RFC 9111 §5.2.2.1).
    public var cacheMaxAge: Duration?
    /// HTTP `Expires` (RFC 9111 §5.3).
    public var expires: Date?
    /// HTTP `Retry-After` as a duration from `now` (RFC 9110 §10.2.3).
    public var retryAfter: Duration?
    /// The server answered 410 Gone: the feed is not polled again.
    public var gone: Bool
    /// A number in [0, 1) for jitter.
    public var random: Double

    /// Creates inputs; only `now` and `random` are required.
    public init(
        now: Date, configuredInterval: Duration? = nil, newItemTimes: [Date] = [], observedSince: Date? = nil,
        consecutiveFailures: Int = 0, hints: PollingHints = PollingHints(), cacheMaxAge: Duration? = nil,
        expires: Date? = nil, retryAfter: Duration? = nil, gone: Bool = false, random: Double
    ) {
        self.observedSince = observedSince
        self.now = now
        self.configuredInterval = configuredInterval
        self.newItemTimes = newItemTimes
        self.consecutiveFailures = consecutiveFailures
        self.hints = hints
        self.cacheMaxAge = cacheMaxAge
        self.expires = expires
        self.retryAfter = retryAfter
        self.gone = gone
        self.random = random
    }
}
