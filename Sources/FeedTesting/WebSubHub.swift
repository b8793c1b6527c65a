import FeedCrypto
import FeedModel
import Foundation
import Synchronization

/// A WebSub hub on 127.0.0.1 for tests, following the W3C WebSub Recommendation: it takes subscription requests
/// at ``url`` (202, §5.1.2), verifies each with a GET to the callback (§5.3) and records what it got, can deny a
/// topic (§5.2), ends leases by its clock, and pushes content to its subscribers (§7), signed as a test asks (§8).
/// ``movedURL`` answers every POST with a 307 to ``url``, for a hub that moved.
public final class WebSubHub: Sendable {
    /// A verified subscription.
    public struct Subscription: Sendable, Hashable {
        /// `hub.topic`.
        public var topic: String
        /// `hub.callback`.
        public var callback: String
        /// `hub.secret`, when the subscriber gave one.
        public var secret: String?
        /// When the lease ends, by the hub's clock.
        public var expires: Date
    }

    /// The `hub.mode` of a request or of a GET to a callback.
    public enum Mode: String, Sendable, Hashable {
        case subscribe, unsubscribe, denied
    }

    /// A GET the hub sent to a callback, and what came back.
    public struct Verification: Sendable, Hashable {
        /// What the GET verified, or that it denied.
        public var mode: Mode
        /// `hub.topic`.
        public var topic: String
        /// The callback it went to.
        public var callback: String
        /// `hub.lease_seconds` sent with a subscribe verification.
        public var leaseSeconds: Int?
        /// The callback's status (nil when it could not be reached).
        public var status: Int?
        /// True when the callback answered 2xx with the challenge: the hub then did what was asked.
        public var confirmed: Bool
    }

    /// How a push is signed.
    public enum Signing: Sendable, Hashable {
        /// `X-Hub-Signature` with the subscriber's secret.
        case hmac(HMACAlgorithm)
        /// No signature header.
        case unsigned
        /// A signature computed with a secret other than the subscriber's.
        case forged(HMACAlgorithm)
    }

    /// What a push holds.
    public enum Payload: Sendable, Hashable {
        /// The whole feed.
        case fat
        /// Only the entries not pushed before for the topic.
        case diff
    }

    /// One push to one subscriber.
    public struct Delivery: Sendable, Hashable {
        /// The callback.
        public var callback: String
        /// The callback's status (nil when it could not be reached).
        public var status: Int?
        /// The pushed body.
        public var body: Data
    }

    let core: Core
    private let server: LoopbackServer

    /// Starts a hub whose leases run by `clock` and last at most `maximumLease` seconds (a subscriber asking for
    /// no lease gets that). With `verifies` false it answers requests 202 and never verifies them: a hub that
    /// accepts and then says nothing.
    public init(clock: any FeedClock, maximumLease: Int = 86_400, verifies: Bool = true) throws {
        let core = Core(clock: clock, maximumLease: maximumLease, verifies: verifies)
        self.core = core
        server = try LoopbackServer(handler: { request in core.handle(request) })
    }

    deinit { server.stop() }

    /// Where subscription requests go.
    public var url: String { server.url("/hub") }

    /// A URL that answers every POST with `307 Temporary Redirect` to ``url``.
    public var movedURL: String { server.url("/moved") }

    /// Stops the hub's server; idempotent.
    public func stop() { server.stop() }

    /// Every request the hub's server received (subscription forms, redirected or not).
    public var requests: [TestRequest] { server.requests }

    /// The verification and denial GETs sent so far, in order.
    public var verifications: [Verification] { core.state.withLock { $0.verifications } }

    /// The subscriptions to `topic` whose lease has not ended by the hub's clock.
    public func subscriptions(topic: String) -> [Subscription] {
        let now = core.clock.now()
        return core.state.withLock { state in
            state.subscriptions.values.filter { $0.topic == topic && $0.expires > now }.sorted {
                $0.callback < $1.callback
            }
        }
    }
}
