import FeedModel
import Foundation

/// A callback's answer to a hub's GET and the subscription as it stands after it.
public struct VerificationOutcome: Sendable, Hashable {
    /// What to answer the hub.
    public var response: CallbackResponse
    /// The subscription after the GET: unchanged when the GET was refused.
    public var subscription: Subscription?
}

extension WebSubPolicy {
    /// The subscription request to send for `subscription`'s intent, its callback under `callbackBase`.
    public func request(for subscription: Subscription, callbackBase: String) -> SubscriptionRequest {
        let subscribing = subscription.intent == .subscribe
        return SubscriptionRequest(
            hub: subscription.hub, mode: subscription.intent, topic: subscription.topic,
            callback: subscription.credentials.callbackURL(base: callbackBase),
            secret: subscribing ? subscription.credentials.secret : nil,
            leaseSeconds: subscribing ? Int(requestedLease.components.seconds) : nil)
    }

    /// Answers a GET to the callback of `subscription` (nil when its token names none).
    ///
    /// W3C WebSub §5.3: the subscriber echoes `hub.challenge` with a 2xx only when it wants what the hub is about
    /// to do, otherwise answers 404; so feedd confirms only the mode it last asked for, for the topic it asked
    /// about. Someone who learnt a callback URL cannot subscribe it elsewhere or unsubscribe it. A subscribe
    /// verification starts the lease the hub granted (`hub.lease_seconds`; the one asked for when the hub names
    /// none), planned as at most ``maximumLease``. A denial (§5.2) of the topic is recorded and acknowledged.
    public func verify(query: String, subscription: Subscription?, now: Date) -> VerificationOutcome {
        guard var subscription, let verification = try? VerificationQuery(query: query),
            verification.topic == subscription.topic
        else { return VerificationOutcome(response: .notFound, subscription: subscription) }
        switch verification.mode {
        case .denied:
            subscription.state = .denied(reason: verification.reason, at: now)
            return VerificationOutcome(response: CallbackResponse(status: 200), subscription: subscription)
        case .subscribe, .unsubscribe:
            guard verification.mode == subscription.intent, let challenge = verification.challenge else {
                return VerificationOutcome(response: .notFound, subscription: subscription)
            }
            if verification.mode == .subscribe {
                let granted = verification.leaseSeconds.map { Duration.seconds($0) } ?? requestedLease
                let lease = min(granted, maximumLease).timeInterval
                subscription.state = .active(until: now.addingTimeInterval(lease), verifiedAt: now)
            } else {
                subscription.state = .ended(at: now)
            }
            return VerificationOutcome(
                response: CallbackResponse(status: 200, body: challenge), subscription: subscription)
        }
    }
}
