import Foundation

/// One subscription of one topic at one hub, as feedd holds it: what it last asked the hub and what came of it.
public struct Subscription: Sendable, Hashable {
    /// What came of the last request.
    public enum State: Sendable, Hashable {
        /// Asked at this time; the hub's verification has not come.
        case requested(at: Date)
        /// The hub verified a subscribe request at `verifiedAt`, for a lease ending `until`.
        case active(until: Date, verifiedAt: Date)
        /// The hub refused or ended the subscription (`hub.mode=denied`, W3C WebSub §5.2).
        case denied(reason: String?, at: Date)
        /// The request itself failed (transport error, or a status other than 202) this many times in a row.
        case failing(failures: Int, since: Date)
        /// The hub verified an unsubscribe request.
        case ended(at: Date)
    }

    /// The hub's URL.
    public var hub: String
    /// The topic URL subscribed to.
    public var topic: String
    /// The callback token and `hub.secret`.
    public var credentials: SubscriptionCredentials
    /// What feedd last asked for: ``HubMode/subscribe`` or ``HubMode/unsubscribe``; a verification of the other
    /// mode is refused.
    public var intent: HubMode
    /// What came of it.
    public var state: State

    /// A subscription from its parts.
    public init(hub: String, topic: String, credentials: SubscriptionCredentials, intent: HubMode, state: State) {
        self.hub = hub
        self.topic = topic
        self.credentials = credentials
        self.intent = intent
        self.state = state
    }

    /// True while content pushed by the hub is expected: verified, wanted, and the lease not yet over.
    public func isActive(at now: Date) -> Bool {
        guard intent == .subscribe, case .active(let until, _) = state else { return false }
        return now < until
    }
}
