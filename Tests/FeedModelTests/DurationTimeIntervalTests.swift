import FeedModel
import Foundation
import Testing

@Suite struct DurationTimeIntervalTests {
    @Test(arguments: [
        (Duration.zero, 0.0),
        (.seconds(300), 300),
        (.seconds(86_400), 86_400),
        (.milliseconds(1_500), 1.5),
        (.milliseconds(-250), -0.25),
        (.nanoseconds(1), 1e-9),
        (.seconds(7 * 86_400), 604_800),
    ])
    func secondsWithFractions(duration: Duration, seconds: TimeInterval) {
        #expect(duration.timeInterval == seconds)
    }

    @Test(arguments: [
        (Duration.zero, Int64(0)),
        (.seconds(60), 60_000),
        (.milliseconds(50), 50),
        (.microseconds(1), 1),
        (.microseconds(1_001), 2),
        (.nanoseconds(999_999_999), 1_000),
    ])
    func millisecondsRoundUp(duration: Duration, milliseconds: Int64) {
        #expect(duration.millisecondsRoundedUp == milliseconds)
    }
}
