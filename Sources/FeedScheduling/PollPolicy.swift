import FeedModel
import Foundation

/// When to poll a feed next: ``decide(_:)``, a pure function of ``PollInputs`` (clock and random source injected).
///
/// After a success, the feed's interval (configured, else learned from its rate of new items, lengthened by its
/// hints) with ±`jitter` so that feeds added together drift apart; after failures, exponential backoff with full
/// jitter; Retry-After and skipHours/skipDays on top; 410 ends polling.
public struct PollPolicy: Sendable {
    /// The longest wait after failures: a failing feed is still tried once a day, never dropped.
    public var maxBackoff: Duration
    /// The fraction by which every interval is spread (0.1 = ±10 %).
    public var jitter: Double
    /// The shortest interval `decide` lets a feed have (adaptive, floors and backoff alike), so no feed is hammered.
    public var minInterval: Duration
    /// The longest adaptive interval: even a silent feed is looked at once a day.
    public var maxInterval: Duration
    /// The most a feed's or server's hint (ttl, sy:, max-age, Expires, Retry-After) may lengthen a wait, so a
    /// hint of "a year" cannot silence a feed.
    public var hintCap: Duration
    /// Polls per expected new item: a feed publishing N items a day is polled about N × this per day.
    ///
    /// Why 1.25: requests grow with it and the delay from publication to fetch shrinks as 1 / it; in
    /// `make bench-schedule` (Benchmarks/README.md) it keeps both the requests (≥ 5× fewer than polling every
    /// 30 min) and the median delay (< 30 min) on target, where 1.0 comes too close to the delay target. It is
    /// also exact in binary, so the policy's tests keep exact expected times.
    public var pollsPerItem: Double
    /// The shortest observation the adaptive interval assumes, however recently feedd began watching a feed.
    ///
    /// Why 1 h: with no new item seen, the interval is observation / `pollsPerItem`, so a brand-new feed (or one
    /// whose first poll failed) starts at 1 h / 1.25 = 48 min instead of the 24 h maximum, and each silent poll
    /// lengthens the observation by 1.8× (observed t, wait t / 1.25): 48 min, 48 min, 77 min, 2.3 h, 4.1 h,
    /// 7.5 h, 13.4 h, then the 24 h maximum after about 30 h of silence. Shorter (say 5 min) would let a feed polled
    /// a minute after its first document be polled again at the 5-minute minimum several times for nothing.
    public var minObservation: Duration
    /// The most a server's `Retry-After` may defer a poll (config `retry_after_cap`): a server asking for a week
    /// does not silence a feed for a week.
    public var retryAfterCap: Duration

    /// Creates a policy; the defaults are the issue's: 5 min … 24 h, ±10 %, hints and Retry-After capped at 24 h.
    public init(
        maxBackoff: Duration = .seconds(86_400), jitter: Double = 0.1, minInterval: Duration = .seconds(300),
        maxInterval: Duration = .seconds(86_400), hintCap: Duration = .seconds(86_400), pollsPerItem: Double = 1.25,
        retryAfterCap: Duration = .seconds(86_400), minObservation: Duration = .seconds(3_600)
    ) {
        self.minObservation = minObservation
        self.retryAfterCap = retryAfterCap
        self.maxBackoff = maxBackoff
        self.jitter = jitter
        self.minInterval = minInterval
        self.maxInterval = maxInterval
        self.hintCap = hintCap
        self.pollsPerItem = pollsPerItem
    }
}
