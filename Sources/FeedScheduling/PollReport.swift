import FeedStorage
import Foundation

/// What one poll of one feed did, for progress displays, summaries and logs.
public struct PollReport: Sendable, Hashable {
    /// How the poll ended.
    public enum Outcome: String, Sendable {
        /// The feed was fetched, parsed and stored.
        case updated
        /// 304, or a 200 whose body is byte-identical to the last one stored.
        case notModified = "not_modified"
        /// Fetching, parsing or storing failed; ``PollReport/error`` says why.
        case failed
        /// Shutdown interrupted the poll before anything was stored.
        case cancelled
        /// Not requested: the feed is gone (410) or inside the server's Retry-After window.
        case skipped
    }

    public var feedURL: String
    public var outcome: Outcome
    public var httpStatus: Int?
    public var newItems: Int
    /// Known items whose content changed and were stored again.
    public var updatedItems: Int
    public var bytes: Int
    public var duration: Duration
    public var nextPollAt: Date?
    /// Why the next poll is then: adaptive, configured, ttl, syndication, cache-control, retry-after, backoff,
    /// skip or gone (``PollDecision/Reason``).
    public var nextPollReason: IntervalReason?
    /// The wait the policy chose after this poll.
    public var interval: Duration?
    /// The feed's new URL when this poll completed a run of permanent redirects.
    public var movedTo: String?
    /// A sentence that names the cause, for failures.
    public var error: String?

    public init(
        feedURL: String, outcome: Outcome, httpStatus: Int? = nil, newItems: Int = 0, updatedItems: Int = 0,
        bytes: Int = 0,
        duration: Duration = .zero, nextPollAt: Date? = nil, nextPollReason: IntervalReason? = nil,
        interval: Duration? = nil,
        movedTo: String? = nil, error: String? = nil
    ) {
        self.nextPollReason = nextPollReason
        self.interval = interval
        self.movedTo = movedTo
        self.feedURL = feedURL
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.newItems = newItems
        self.updatedItems = updatedItems
        self.bytes = bytes
        self.duration = duration
        self.nextPollAt = nextPollAt
        self.error = error
    }
}
