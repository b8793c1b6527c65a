import FeedModel
import Foundation

/// When to poll a feed next: a pure function of the last outcome, the interval and a random source.
///
/// The core policy: after a success, the feed's interval; after failures, exponential backoff from that interval.
/// Both carry ±`jitter` so that feeds added together drift apart instead of hitting servers in lock step.
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
    public var pollsPerItem: Double

    /// Creates a policy; the defaults are the issue's: 5 min … 24 h, ±10 %, hints capped at 24 h.
    public init(
        maxBackoff: Duration = .seconds(86_400), jitter: Double = 0.1, minInterval: Duration = .seconds(300),
        maxInterval: Duration = .seconds(86_400), hintCap: Duration = .seconds(86_400), pollsPerItem: Double = 4
    ) {
        self.maxBackoff = maxBackoff
        self.jitter = jitter
        self.minInterval = minInterval
        self.maxInterval = maxInterval
        self.hintCap = hintCap
        self.pollsPerItem = pollsPerItem
    }

    /// Why the next poll is when it is.
    public enum Reason: String, Sendable {
        case interval
        case backoff
    }

    /// The next poll time after a poll at `now`.
    /// - Parameters:
    ///   - interval: the feed's interval.
    ///   - consecutiveFailures: failures in a row including this poll's (0 after a success).
    ///   - random: a number in [0, 1), injected so tests get exact times.
    public func nextPoll(now: Date, interval: Duration, consecutiveFailures: Int, random: Double) -> (
        Date, Reason
    ) {
        let base = seconds(interval)
        var wait = base
        var reason = Reason.interval
        if consecutiveFailures > 0 {
            // Doubling per failure: 1×, 2×, 4× … the interval, capped.
            let exponent = Double(min(consecutiveFailures - 1, 30))
            wait = min(base * pow(2, exponent), seconds(maxBackoff))
            reason = .backoff
        }
        let spread = 1 + jitter * (2 * random - 1)
        return (now.addingTimeInterval(wait * spread), reason)
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
