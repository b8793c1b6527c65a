import Foundation

/// One WebSub subscription of a feed's topic at one hub, as the store keeps it (table `websub_subscription`):
/// what feedd last asked the hub, what came of it, and when to ask again.
///
/// The row is written before its request is sent, since a hub may verify before it answers the POST (W3C WebSub
/// §5.1.2 lets it), and the callback finds the row by its token. The feed is optional: an unsubscribe request
/// outlives the feed it was for.
public struct WebSubRecord: Sendable, Hashable {
    /// What feedd asks the hub for.
    public enum Intent: String, Sendable, Hashable, CaseIterable {
        /// Content distribution to the callback (`hub.mode=subscribe`).
        case subscribe
        /// Its end (`hub.mode=unsubscribe`).
        case unsubscribe
    }

    /// What came of the last request.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Sent (or about to be), not verified yet.
        case requested
        /// The hub verified a subscribe request; its lease runs until ``WebSubRecord/leaseUntil``.
        case active
        /// The hub refused or ended the subscription (`hub.mode=denied`).
        case denied
        /// The request failed, or its verification never came, ``WebSubRecord/failures`` times in a row.
        case failing
        /// The hub verified an unsubscribe request.
        case ended
    }

    /// The callback URL's last segment, unique among all subscriptions.
    public var token: String
    /// The `hub.secret` the hub signs pushes with.
    public var secret: String
    /// The URL of the feed the subscription is for (its current one after a move); nil once unrelated to a feed.
    public var feedURL: String?
    /// The hub's URL.
    public var hub: String
    /// The topic subscribed to.
    public var topic: String
    /// What feedd last asked for.
    public var intent: Intent
    /// What came of it.
    public var state: State
    /// When the state began: the request, the verification, the denial, the first failure, the end.
    public var stateAt: Date
    /// When an active lease ends.
    public var leaseUntil: Date?
    /// Failed requests in a row.
    public var failures: Int
    /// The hub's `hub.reason` for a denial, or why the last request failed.
    public var reason: String?
    /// When the next request (a retry, a renewal) is due; nil when none is.
    public var nextRequestAt: Date?

    /// A record from its parts.
    public init(
        token: String, secret: String, feedURL: String?, hub: String, topic: String, intent: Intent, state: State,
        stateAt: Date, leaseUntil: Date? = nil, failures: Int = 0, reason: String? = nil, nextRequestAt: Date? = nil
    ) {
        self.token = token
        self.secret = secret
        self.feedURL = feedURL
        self.hub = hub
        self.topic = topic
        self.intent = intent
        self.state = state
        self.stateAt = stateAt
        self.leaseUntil = leaseUntil
        self.failures = failures
        self.reason = reason
        self.nextRequestAt = nextRequestAt
    }
}
