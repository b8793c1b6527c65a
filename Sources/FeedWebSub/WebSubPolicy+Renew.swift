import FeedModel
import Foundation

/// Where a feed's push subscription stands, for `feedd status` and for how often the feed is polled.
public enum PushState: Sendable, Hashable {
    /// Asked, not yet verified (and not yet overdue).
    case pending
    /// Verified; content is expected until this time.
    case active(until: Date)
    /// The hub said no.
    case denied
    /// Requests fail, a verification never came, or a lease ran out without a renewal.
    case failing
}

extension WebSubPolicy {
    /// When to send the subscribe request again, for a subscription feedd wants; nil when nothing is due by the
    /// clock (nothing wanted, denied, or ended).
    ///
    /// An active lease is renewed a margin before its end: a tenth of the lease, between 5 minutes and a day (a
    /// day before the end of a 10-day lease), moved earlier by up to half the margin at random so that feeds
    /// subscribed together renew apart. A failed renewal then has the rest of the margin for its retries (1 min
    /// doubling, ``retryBase``) before the lease lapses. Never sooner than ``minimumRenewalGap`` after the
    /// verification. A request still unverified after ``verificationWait``, or failing, is retried with
    /// exponential backoff (``retryBase`` doubling to ``retryCap``, the second half of each wait random).
    /// - Parameter random: A number in [0, 1).
    public func nextRequest(for subscription: Subscription, random: Double) -> Date? {
        guard subscription.intent == .subscribe || subscription.intent == .unsubscribe else { return nil }
        switch subscription.state {
        case .active(let until, let verifiedAt):
            guard subscription.intent == .subscribe else { return nil }
            let lease = until.timeIntervalSince(verifiedAt)
            let margin = min(max(lease / 10, 300), 86_400)
            let renewal = until.addingTimeInterval(-margin * (1 + random / 2))
            return max(renewal, verifiedAt.addingTimeInterval(minimumRenewalGap.timeInterval))
        case .requested(let at):
            return at.addingTimeInterval(verificationWait.timeInterval)
        case .failing(let failures, let since):
            return since.addingTimeInterval(retryDelay(failures: failures, random: random))
        case .denied, .ended:
            return nil
        }
    }

    /// The wait after `failures` consecutive failures: ``retryBase`` × 2^(failures − 1), at most ``retryCap``,
    /// its second half random.
    public func retryDelay(failures: Int, random: Double) -> TimeInterval {
        let exponent = Double(min(max(failures - 1, 0), 30))
        let wait = min(retryBase.timeInterval * pow(2, exponent), retryCap.timeInterval)
        return wait / 2 + wait / 2 * random
    }

    /// The push state of a subscription feedd wants, at `now`; nil for one it is ending or ended.
    public func pushState(of subscription: Subscription, now: Date) -> PushState? {
        guard subscription.intent == .subscribe else { return nil }
        switch subscription.state {
        case .active(let until, _): return now < until ? .active(until: until) : .failing
        case .requested(let at): return now < at.addingTimeInterval(verificationWait.timeInterval) ? .pending : .failing
        case .denied: return .denied
        case .failing: return .failing
        case .ended: return nil
        }
    }
}
