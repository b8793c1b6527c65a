import FeedModel
import Foundation

/// How a feed's last poll ended.
public enum PollOutcome: String, Sendable {
    /// A 200 response whose body was parsed and stored.
    case updated
    /// A 304 response (or an unchanged body): nothing new.
    case notModified = "not_modified"
    /// The request or the parse failed.
    case failed
}

/// A stored feed: the user's settings and the state of its polling.
public struct FeedRecord: Sendable, Hashable {
    /// The feed's URL, as subscribed.
    public var url: String
    /// The user's title, else the feed's own.
    public var title: String?
    /// The user's labels.
    public var tags: [String]
    /// The validators of the last response that carried any, for a conditional request.
    public var validators: HTTPValidators
    /// When the feed was last polled, whatever the outcome.
    public var lastPolledAt: Date?
    /// How the last poll ended; nil before the first.
    public var lastOutcome: PollOutcome?
    /// HTTP status of the last poll (nil when no response arrived).
    public var lastStatus: Int?
    /// The error of the last poll when it failed; nil after a success.
    public var lastError: String?
    /// Polls that failed in a row since the last success.
    public var consecutiveFailures: Int
    /// When the feed should next be polled; nil means now.
    public var nextDueAt: Date?
    /// How many items of this feed are stored.
    public var itemCount: Int
    /// SHA-256 hex of the last body stored.
    public var bodyHash: String?
    /// The poll state the scheduler recorded last: interval, reason, Retry-After window, 410 Gone.
    public var pollState: PollState
    /// Older URLs of this feed (it moved after permanent redirects); registering one of them means this feed.
    public var aliases: [String]
    /// Where the current run of permanent redirects (301/308) points, and how many polls in a row saw it.
    public var redirectTarget: String?
    /// Polls in a row whose response came through a permanent redirect to ``redirectTarget``.
    public var redirectCount: Int
    /// When the feed's first document was stored (its baseline, whose items are not "new"): when feedd began
    /// observing it. Nil until a poll stored a document.
    public var baselineAt: Date?

    /// A record with every field given (the store builds these; other backends and tests may too).
    public init(
        url: String, title: String? = nil, tags: [String] = [], validators: HTTPValidators = HTTPValidators(),
        lastPolledAt: Date? = nil, lastOutcome: PollOutcome? = nil, lastStatus: Int? = nil, lastError: String? = nil,
        consecutiveFailures: Int = 0, nextDueAt: Date? = nil, itemCount: Int = 0, bodyHash: String? = nil,
        pollState: PollState = PollState(), aliases: [String] = [], redirectTarget: String? = nil,
        redirectCount: Int = 0, baselineAt: Date? = nil
    ) {
        self.baselineAt = baselineAt
        self.pollState = pollState
        self.aliases = aliases
        self.redirectTarget = redirectTarget
        self.redirectCount = redirectCount
        self.url = url
        self.title = title
        self.tags = tags
        self.validators = validators
        self.lastPolledAt = lastPolledAt
        self.lastOutcome = lastOutcome
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.nextDueAt = nextDueAt
        self.itemCount = itemCount
        self.bodyHash = bodyHash
    }

    /// True when 410 Gone stopped its polling (until `feedd feeds enable`).
    public var isGone: Bool { pollState.gone }

    /// True when `url` is this feed's URL or one of its older ones.
    public func answers(to url: String) -> Bool { self.url == url || aliases.contains(url) }
}
