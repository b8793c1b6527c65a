import FeedWebSub
import Foundation
import Testing

/// How polling slows while a feed is pushed.
@Suite struct WebSubPolicyPollingTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let hour: TimeInterval = 3_600

    @Test(
        "active: four times the planned wait, at most a day unless planned longer, never past the lease",
        arguments: [
            // planned wait, lease left, expected wait
            (hour, 10 * 24 * hour, 4 * hour),
            (12 * hour, 10 * 24 * hour, 24 * hour),
            (30 * hour, 10 * 24 * hour, 30 * hour),
            (hour, 2 * hour, 2 * hour),
            (3 * hour, 2 * hour, 3 * hour),
        ])
    func active(planned: TimeInterval, leaseLeft: TimeInterval, expected: TimeInterval) {
        let next = WebSubPolicy().nextPoll(
            planned: Self.now.addingTimeInterval(planned), now: Self.now,
            pushState: .active(until: Self.now.addingTimeInterval(leaseLeft)))
        #expect(next == Self.now.addingTimeInterval(expected))
    }

    @Test(
        "no subscription, pending, denied or failing: the planned poll",
        arguments: [nil, PushState.pending, .denied, .failing] as [PushState?])
    func unchanged(state: PushState?) {
        let planned = Self.now.addingTimeInterval(Self.hour)
        #expect(WebSubPolicy().nextPoll(planned: planned, now: Self.now, pushState: state) == planned)
    }

    @Test("a poll due now (a retry, a manual fetch) is not delayed")
    func dueNow() {
        let state = PushState.active(until: Self.now.addingTimeInterval(Self.hour))
        #expect(WebSubPolicy().nextPoll(planned: Self.now, now: Self.now, pushState: state) == Self.now)
    }
}
