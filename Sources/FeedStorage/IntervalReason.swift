/// The rule that set a feed's next poll time: what the scheduler decided, stored with the feed's poll state and
/// shown by `feedd status` (its raw values are the words the status and the logs print).
public enum IntervalReason: String, Sendable, CaseIterable, Codable {
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
