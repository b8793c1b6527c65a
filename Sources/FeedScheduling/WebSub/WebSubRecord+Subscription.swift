import FeedStorage
import FeedWebSub
import Foundation

// The store's rows (FeedStorage, below FeedWebSub) and FeedWebSub's subscriptions, whose policy decides.
extension WebSubRecord {
    /// The subscription this row holds, for ``WebSubPolicy``.
    var subscription: Subscription {
        let state: Subscription.State =
            switch self.state {
            case .requested: .requested(at: stateAt)
            case .active: .active(until: leaseUntil ?? stateAt, verifiedAt: stateAt)
            case .denied: .denied(reason: reason, at: stateAt)
            case .failing: .failing(failures: failures, since: stateAt)
            case .ended: .ended(at: stateAt)
            }
        return Subscription(
            hub: hub, topic: topic, credentials: SubscriptionCredentials(token: token, secret: secret),
            intent: intent == .subscribe ? .subscribe : .unsubscribe, state: state)
    }

    /// The row with the state of `subscription` (what a verification or a failure made of it); the feed, hub,
    /// topic and secrets stay.
    func with(_ subscription: Subscription) -> WebSubRecord {
        var record = self
        record.leaseUntil = nil
        record.reason = nil
        switch subscription.state {
        case .requested(let at):
            (record.state, record.stateAt) = (.requested, at)
        case .active(let until, let verifiedAt):
            (record.state, record.stateAt, record.leaseUntil, record.failures) = (.active, verifiedAt, until, 0)
        case .denied(let reason, let at):
            (record.state, record.stateAt, record.reason) = (.denied, at, reason)
        case .failing(let failures, let since):
            (record.state, record.stateAt, record.failures, record.reason) = (.failing, since, failures, reason)
        case .ended(let at):
            (record.state, record.stateAt, record.failures) = (.ended, at, 0)
        }
        return record
    }
}
