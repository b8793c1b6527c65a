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
    /// A sentence that names the cause, for failures.
    public var error: String?

    public init(
        feedURL: String, outcome: Outcome, httpStatus: Int? = nil, newItems: Int = 0, updatedItems: Int = 0,
        bytes: Int = 0,
        duration: Duration = .zero, nextPollAt: Date? = nil, error: String? = nil
    ) {
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
