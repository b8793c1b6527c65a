import FeedModel
import Foundation

/// The outcome of one poll of one feed, committed to the store in one transaction.
public struct FeedRefresh: Sendable {
    /// What the poll produced.
    public enum Result: Sendable {
        /// A body was fetched and parsed; `bodyHash` is the SHA-256 hex of the body.
        case updated(Feed, bodyHash: String)
        /// The server answered 304 Not Modified (or the body had not changed).
        case notModified
        /// The poll failed; the string says why.
        case failed(String)
    }

    /// The feed's URL as subscribed (a feed not yet stored is created).
    public var feedURL: String
    /// When the poll happened: `first_seen_at` of new items and the feed's `lastPolledAt`.
    public var polledAt: Date
    /// What the poll produced.
    public var result: Result
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// The response's validators; nil keeps the stored ones (saved from 200 and 304 alike when given).
    public var validators: HTTPValidators?
    /// How many items of this feed to keep, applied in the same transaction.
    public var retention: Retention
    /// When set, the commit reads when the feed's earlier items were first seen since this date (the items of its
    /// first stored document left out) into ``RefreshSummary/earlierNewItemTimes``, for ``plan``.
    public var newItemTimesSince: Date?
    /// Decides the next poll and the poll state from what the commit did (the adaptive interval needs the count
    /// of new items), inside the same transaction; nil polls the feed again as soon as possible and keeps its poll
    /// state. Must be quick and pure.
    public var plan: (@Sendable (RefreshSummary) -> PollPlan)?
    /// Where the response's leading run of permanent redirects (301/308) pointed; nil when it came without one.
    /// Ignored when no response arrived (``httpStatus`` nil): a network error says nothing about redirects.
    public var permanentRedirect: String?
    /// The lease the poll ran under, when the store granted one (``FeedStore/claim(_:for:lease:now:)``): the
    /// commit is refused, and stores nothing, when another worker has taken the feed over since.
    public var lease: FeedLease?

    /// Polls in a row that must see a permanent redirect to the same target before the feed's stored URL
    /// changes: one 301 from a misconfigured server must not move a subscription for good.
    public static let permanentRedirectsToMove = 3

    /// A refresh of `feedURL` polled at `polledAt`.
    public init(
        feedURL: String, polledAt: Date, result: Result, httpStatus: Int? = nil, validators: HTTPValidators? = nil,
        retention: Retention = Retention(),
        plan: (@Sendable (RefreshSummary) -> PollPlan)? = nil, permanentRedirect: String? = nil
    ) {
        self.retention = retention
        self.plan = plan
        self.permanentRedirect = permanentRedirect
        self.feedURL = feedURL
        self.polledAt = polledAt
        self.result = result
        self.httpStatus = httpStatus
        self.validators = validators
    }
}

/// What a commit did with the items of a refresh.
public struct RefreshSummary: Sendable, Hashable {
    /// Items stored for the first time (each got a new seq).
    public var newItems: Int
    /// Distinct items of the document that were already stored (edited ones included).
    public var knownItems: Int
    /// Known items whose content changed: stored again in place, with a new seq and a higher revision.
    public var updatedItems: Int
    /// Items removed by the feed's retention.
    public var removedItems: Int = 0
    /// The feed's new URL when this poll completed its run of permanent redirects and the feed moved.
    public var movedTo: String?
    /// When the feed's items stored before this refresh were first seen, since the refresh's
    /// ``FeedRefresh/newItemTimesSince`` (empty when it set none).
    public var earlierNewItemTimes: [Date] = []

    /// A summary with these counts.
    public init(newItems: Int, knownItems: Int, updatedItems: Int = 0) {
        self.newItems = newItems
        self.knownItems = knownItems
        self.updatedItems = updatedItems
    }
}

/// How long a feed's items are kept.
///
/// An item is removed when it is older than `maxAge` (by when feedd first saw it) or beyond the newest `maxItems`,
/// but never before every registered consumer has received it, and it leaves a tombstone so that it does not come
/// back as new while the feed still lists it.
public struct Retention: Sendable, Hashable {
    /// Keep at most this many items per feed (nil: no limit).
    public var maxItems: Int?
    /// Keep items for at most this long after they were first seen (nil: no limit).
    public var maxAge: Duration?

    public init(maxItems: Int? = nil, maxAge: Duration? = nil) {
        self.maxItems = maxItems
        self.maxAge = maxAge
    }
}
