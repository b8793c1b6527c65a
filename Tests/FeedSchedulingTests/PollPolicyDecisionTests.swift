import FeedModel
@testable import FeedScheduling
import Foundation
import Testing

/// `PollPolicy.decide`: every rule with an injected clock and random draw, so each expectation is an exact time.
@Suite struct PollPolicyDecisionTests {
    /// 2026-01-01T00:00:00Z, a Thursday.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    let policy = PollPolicy()

    func wait(_ decision: PollDecision) -> Double? { decision.next.map { $0.timeIntervalSince(Self.now) } }

    /// `count` items seen one minute apart, the newest a minute ago.
    static func items(_ count: Int) -> [Date] { (0..<count).map { now.addingTimeInterval(-60 * Double($0 + 1)) } }

    /// Observed for 30 days: more than the 7-day window.
    static let longObserved = now.addingTimeInterval(-30 * 86_400)

    /// 7 d / ((items + 1) × 1.25), clamped to [5 min, 24 h], for a feed observed longer than the week.
    @Test(arguments: [(0, 86_400.0), (6, 69_120), (27, 17_280), (2_015, 300), (10_000, 300)])
    func adaptiveIntervalFollowsTheRateOfNewItems(count: Int, seconds: Double) throws {
        let decision = policy.decide(
            PollInputs(now: Self.now, newItemTimes: Self.items(count), observedSince: Self.longObserved, random: 0.5))
        #expect(try #require(wait(decision)) == seconds)
        #expect(decision.reason == .adaptive)
    }

    /// Items older than the 7-day window or in the future do not count.
    @Test func itemsOutsideTheWindowAreIgnored() throws {
        let times = Self.items(6) + [Self.now.addingTimeInterval(-8 * 86_400), Self.now.addingTimeInterval(60)]
        let decision = policy.decide(
            PollInputs(now: Self.now, newItemTimes: times, observedSince: Self.longObserved, random: 0.5))
        #expect(try #require(wait(decision)) == 69_120)
    }

    /// A young feed is measured over the time it has been observed, at least 1 h, at most 7 d:
    /// window / ((items + 1) × 1.25). Unobserved (nil) counts as the 1 h minimum.
    @Test(
        arguments: [
            (nil, 0, 2_880.0), (0, 0, 2_880), (600, 0, 2_880), (3_600, 0, 2_880), (7_200, 0, 5_760),
            (21_600, 2, 5_760), (86_400, 0, 69_120), (86_400, 3, 17_280), (3 * 86_400, 0, 86_400),
            (3_600, 11, 300), (10 * 86_400, 6, 69_120),
        ] as [(Double?, Int, Double)])
    func aYoungFeedIsMeasuredOverItsObservedTime(observedFor: Double?, count: Int, seconds: Double) throws {
        let decision = policy.decide(
            PollInputs(
                now: Self.now, newItemTimes: Self.items(count),
                observedSince: observedFor.map { Self.now.addingTimeInterval(-$0) }, random: 0.5))
        #expect(try #require(wait(decision)) == seconds)
        #expect(decision.reason == .adaptive)
    }

    /// Items seen before the observed window (older than the minimum hour for a feed observed 10 min) do not count.
    @Test func itemsBeforeTheObservedWindowAreIgnored() throws {
        let times = [Self.now.addingTimeInterval(-7_200), Self.now.addingTimeInterval(-60)]
        let decision = policy.decide(
            PollInputs(
                now: Self.now, newItemTimes: times, observedSince: Self.now.addingTimeInterval(-600), random: 0.5))
        // 1 h / (2 × 1.25) = 1,440 s: only the item a minute ago counts.
        #expect(try #require(wait(decision)) == 1_440)
    }

    /// A first failure of an unobserved feed backs off from the 48-minute young interval, not from 24 h.
    @Test(arguments: [
        (1, 0.5, 1_440.0), (1, 0.999, 2_877.12), (1, 0.0, 300), (2, 0.5, 2_880), (5, 0.5, 23_040), (6, 0.5, 43_200),
    ])
    func anUnobservedFeedBacksOffFromTheYoungInterval(failures: Int, random: Double, seconds: Double) throws {
        let decision = policy.decide(PollInputs(now: Self.now, consecutiveFailures: failures, random: random))
        #expect(abs(try #require(wait(decision)) - seconds) < 0.001)
        #expect(decision.reason == .backoff)
    }

    /// A configured interval overrides the adaptive one; ±10 % jitter applies to it.
    @Test(arguments: [(0.5, 1_800.0), (0.0, 1_620), (0.75, 1_890)])
    func configuredIntervalWithJitter(random: Double, seconds: Double) throws {
        let decision = policy.decide(
            PollInputs(
                now: Self.now, configuredInterval: .seconds(1_800), newItemTimes: Self.items(10_000), random: random))
        #expect(abs(try #require(wait(decision)) - seconds) < 0.001)
        #expect(decision.reason == .configured)
    }

    /// Floors only lengthen the interval, the largest wins, each is capped at 24 h.
    @Test(
        arguments: [
            (PollingHints(ttlMinutes: 60), nil, nil, 3_600.0, PollDecision.Reason.ttl),
            (PollingHints(ttlMinutes: 10), nil, nil, 1_800, .configured),
            (PollingHints(ttlMinutes: 100_000), nil, nil, 86_400, .ttl),
            (PollingHints(updatePeriod: "hourly"), nil, nil, 3_600, .syndication),
            (PollingHints(updatePeriod: "daily", updateFrequency: 2), nil, nil, 43_200, .syndication),
            (PollingHints(updatePeriod: "weekly"), nil, nil, 86_400, .syndication),
            (PollingHints(updatePeriod: "sometimes"), nil, nil, 1_800, .configured),
            (PollingHints(), 7_200, nil, 7_200, .cacheControl),
            (PollingHints(), nil, 5_000, 5_000, .cacheControl),
            (PollingHints(), nil, -5_000, 1_800, .configured),
            (PollingHints(ttlMinutes: 120), 3_600, nil, 7_200, .ttl),
        ] as [(PollingHints, Int?, Double?, Double, PollDecision.Reason)])
    func floorsOnlyLengthen(
        hints: PollingHints, maxAge: Int?, expiresIn: Double?, seconds: Double, reason: PollDecision.Reason
    ) throws {
        let inputs = PollInputs(
            now: Self.now, configuredInterval: .seconds(1_800), hints: hints, cacheMaxAge: maxAge.map { .seconds($0) },
            expires: expiresIn.map { Self.now.addingTimeInterval($0) }, random: 0.5)
        let decision = policy.decide(inputs)
        #expect(try #require(wait(decision)) == seconds)
        #expect(decision.reason == reason)
    }

    /// Backoff: ceiling = interval × 2^(failures−1) capped at 24 h, wait = random × ceiling, at least 5 min.
    @Test(arguments: [
        (1, 0.5, 900.0), (2, 0.5, 1_800), (3, 0.25, 1_800), (7, 0.5, 43_200), (1, 0.0, 300), (40, 0.999, 86_313.6),
    ])
    func failuresBackOffWithFullJitter(failures: Int, random: Double, seconds: Double) throws {
        let decision = policy.decide(
            PollInputs(
                now: Self.now, configuredInterval: .seconds(1_800), consecutiveFailures: failures, random: random))
        #expect(abs(try #require(wait(decision)) - seconds) < 0.001)
        #expect(decision.reason == .backoff)
    }

    /// Retry-After lengthens any wait, capped at 24 h; a shorter one changes nothing.
    @Test(arguments: [
        (1, 3_600, 3_600.0, PollDecision.Reason.retryAfter), (1, 600, 900, .backoff),
        (1, 200_000, 86_400, .retryAfter), (0, 7_200, 7_200, .retryAfter),
    ])
    func retryAfterIsHonoured(failures: Int, retryAfter: Int, seconds: Double, reason: PollDecision.Reason) throws {
        let decision = policy.decide(
            PollInputs(
                now: Self.now, configuredInterval: .seconds(1_800), consecutiveFailures: failures,
                retryAfter: .seconds(retryAfter), random: 0.5))
        #expect(try #require(wait(decision)) == seconds)
        #expect(decision.reason == reason)
    }

    /// 410 Gone: no next poll, whatever else is known.
    @Test func goneStopsPolling() {
        let decision = policy.decide(
            PollInputs(now: Self.now, consecutiveFailures: 3, retryAfter: .seconds(60), gone: true, random: 0.5))
        #expect(decision == PollDecision(next: nil, reason: .gone))
    }

    /// skipHours/skipDays (GMT) move the poll (planned at `interval` after Thursday 00:00) to the next allowed hour.
    @Test(
        arguments: [
            (3_600, Set([1]), Set<String>(), 7_200.0, PollDecision.Reason.skip),
            (3_600, [1, 2, 3], [], 14_400, .skip),
            (5_400, [1], [], 7_200, .skip),
            (3_600, [5], [], 3_600, .configured),
            (3_600, [], ["Thursday"], 86_400, .skip),
            (3_600, [0], ["Thursday", " friday "], 2 * 86_400 + 3_600, .skip),
            (3_600, Set(0..<24), [], 3_600, .configured),
        ] as [(Int, Set<Int>, Set<String>, Double, PollDecision.Reason)])
    func skipHoursAndDaysMoveThePoll(
        interval: Int, hours: Set<Int>, days: Set<String>, seconds: Double, reason: PollDecision.Reason
    ) throws {
        let decision = policy.decide(
            PollInputs(
                now: Self.now, configuredInterval: .seconds(interval),
                hints: PollingHints(skipHours: hours, skipDays: days), random: 0.5))
        #expect(try #require(wait(decision)) == seconds)
        #expect(decision.reason == reason)
    }

    /// Overdue feeds after a restart: one slot of spread / count each, at `random` within the slot.
    @Test(arguments: [
        (0, 4, 0.0, Duration.zero), (1, 4, 0.5, .milliseconds(45_000)), (3, 4, 0.75, .milliseconds(112_500)),
        (0, 1, 0.5, .milliseconds(60_000)), (0, 0, 0.5, .zero),
    ])
    func startupSpreadsOverdueFeeds(overdue: Int, count: Int, random: Double, expected: Duration) {
        #expect(PollPolicy.startupSpread(overdue: overdue, count: count, random: random) == expected)
    }

    @Test(
        "sy:updatePeriod: one known word, any case, white space around it; anything else is ignored",
        arguments: [
            ("daily", 86_400.0), (" Hourly ", 3_600), ("\tWEEKLY\n", 604_800), ("monthly", 2_592_000),
            ("yearly", 31_536_000), ("fortnightly", nil), ("daily hourly", nil), ("", nil), ("  ", nil),
        ] as [(String, TimeInterval?)])
    func updatePeriod(text: String, seconds: TimeInterval?) {
        #expect(PollPolicy.periodSeconds(text) == seconds)
    }
}
