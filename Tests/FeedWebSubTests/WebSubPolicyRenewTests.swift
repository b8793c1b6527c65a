import FeedWebSub
import Foundation
import Testing

/// When a subscription is asked for again, and where it stands.
@Suite struct WebSubPolicyRenewTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    static let day: TimeInterval = 86_400

    static func subscription(_ state: Subscription.State, intent: HubMode = .subscribe) -> Subscription {
        Subscription(
            hub: "https://hub.example/", topic: "https://blog.example/feed",
            credentials: SubscriptionCredentials(token: String(repeating: "0", count: 32), secret: "s"),
            intent: intent, state: state)
    }

    @Test(
        "an active lease is renewed a tenth of it before its end (5 min to 1 day), up to half as much earlier",
        arguments: [
            // lease, random, seconds before the end
            (10 * day, 0.0, day), (10 * day, 0.9, 1.45 * day), (30 * day, 0.0, day), (3_600, 0.0, 360),
            (3_600, 0.5, 450), (1_800, 0.0, 300),
        ])
    func renewsBeforeTheEnd(lease: TimeInterval, random: Double, before: TimeInterval) throws {
        let end = Self.start.addingTimeInterval(lease)
        let renewal = try #require(
            WebSubPolicy().nextRequest(
                for: Self.subscription(.active(until: end, verifiedAt: Self.start)), random: random))
        #expect(abs(renewal.timeIntervalSince(end.addingTimeInterval(-before))) < 0.01)
        #expect(renewal < end)
    }

    @Test("a short lease is not renewed sooner than 10 minutes after its verification")
    func shortLease() {
        let renewal = WebSubPolicy().nextRequest(
            for: Self.subscription(.active(until: Self.start.addingTimeInterval(60), verifiedAt: Self.start)),
            random: 0.3)
        #expect(renewal == Self.start.addingTimeInterval(600))
    }

    @Test("an unverified request is retried after an hour; failures back off from 1 min doubling to 6 h")
    func retries() {
        let policy = WebSubPolicy()
        #expect(
            policy.nextRequest(for: Self.subscription(.requested(at: Self.start)), random: 0)
                == Self.start.addingTimeInterval(3_600))
        let waits = [1, 2, 3, 10, 40].map { failures in
            policy.nextRequest(for: Self.subscription(.failing(failures: failures, since: Self.start)), random: 1)?
                .timeIntervalSince(Self.start)
        }
        #expect(waits == [60, 120, 240, 21_600, 21_600])
        #expect(policy.retryDelay(failures: 1, random: 0) == 30)
    }

    @Test("nothing is due for a denied or ended subscription, nor for an unsubscribe already verified")
    func nothingDue() {
        let policy = WebSubPolicy()
        #expect(policy.nextRequest(for: Self.subscription(.denied(reason: nil, at: Self.start)), random: 0) == nil)
        #expect(policy.nextRequest(for: Self.subscription(.ended(at: Self.start)), random: 0) == nil)
        let active = Subscription.State.active(until: Self.start.addingTimeInterval(Self.day), verifiedAt: Self.start)
        #expect(policy.nextRequest(for: Self.subscription(active, intent: .unsubscribe), random: 0) == nil)
    }

    @Test("push state: pending, active until its end, then failing; overdue verification is failing")
    func pushStates() {
        let policy = WebSubPolicy()
        let end = Self.start.addingTimeInterval(Self.day)
        let active = Self.subscription(.active(until: end, verifiedAt: Self.start))
        #expect(policy.pushState(of: active, now: Self.start) == .active(until: end))
        #expect(active.isActive(at: Self.start))
        #expect(policy.pushState(of: active, now: end) == .failing)
        #expect(!active.isActive(at: end))
        let requested = Self.subscription(.requested(at: Self.start))
        #expect(policy.pushState(of: requested, now: Self.start.addingTimeInterval(3_599)) == .pending)
        #expect(policy.pushState(of: requested, now: Self.start.addingTimeInterval(3_600)) == .failing)
        #expect(policy.pushState(of: Self.subscription(.ended(at: Self.start), intent: .unsubscribe), now: end) == nil)
    }
}
