import Foundation

/// The policy's answer: when to poll next, and which rule decided it.
public struct PollDecision: Sendable, Equatable {
    /// The rule that set the next poll time.
    public enum Reason: String, Sendable, CaseIterable {
        /// The interval learned from the feed's rate of new items.
        case adaptive
        /// The interval configured for the feed.
        case configured
        /// RSS `ttl` lengthened the interval.
        case ttl
        /// `sy:updatePeriod` / `sy:updateFrequency` lengthened the interval.
        case syndication
        /// HTTP `Cache-Control: max-age` or `Expires` lengthened the interval.
        case cacheControl = "cache-control"
        /// HTTP `Retry-After` lengthened the wait.
        case retryAfter = "retry-after"
        /// Exponential backoff after failures.
        case backoff
        /// The poll was moved out of the feed's `skipHours` / `skipDays`.
        case skip
        /// 410 Gone: no next poll.
        case gone
    }

    /// When to poll next; nil when the feed is gone.
    public var next: Date?
    /// Why.
    public var reason: Reason

    /// Creates a decision.
    public init(next: Date?, reason: Reason) {
        self.next = next
        self.reason = reason
    }
}
