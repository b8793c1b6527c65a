import FeedScheduling
import Foundation
import Testing

@Suite struct PollPolicyTests {
    let now = Date(timeIntervalSince1970: 1_767_225_600)
    let policy = PollPolicy()

    /// After a success: the interval, spread by ±10 % according to the random draw.
    @Test(arguments: [(0.5, 1800.0), (0.0, 1620), (0.25, 1710), (0.75, 1890)])
    func successWaitsTheIntervalWithJitter(random: Double, seconds: Double) {
        let (next, reason) = policy.nextPoll(now: now, interval: .seconds(1800), consecutiveFailures: 0, random: random)
        #expect(abs(next.timeIntervalSince(now) - seconds) < 0.001)
        #expect(reason == .interval)
    }

    /// After failures: 1×, 2×, 4×, 8× the interval, never more than a day.
    @Test(arguments: [(1, 1800.0), (2, 3600), (3, 7200), (4, 14_400), (6, 57_600), (7, 86_400), (40, 86_400)])
    func failuresBackOffExponentiallyUpToADay(failures: Int, seconds: Double) {
        let (next, reason) = policy.nextPoll(
            now: now, interval: .seconds(1800), consecutiveFailures: failures, random: 0.5)
        #expect(abs(next.timeIntervalSince(now) - seconds) < 0.001)
        #expect(reason == .backoff)
    }

    @Test func jitterIsBoundedEvenAtTheCap() {
        let (low, _) = policy.nextPoll(now: now, interval: .seconds(1800), consecutiveFailures: 40, random: 0)
        let (high, _) = policy.nextPoll(now: now, interval: .seconds(1800), consecutiveFailures: 40, random: 0.999_999)
        #expect(abs(low.timeIntervalSince(now) - 77_760) < 0.001)
        #expect(high.timeIntervalSince(now) < 95_040)
    }
}
