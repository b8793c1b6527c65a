import FeedModel
import Foundation

extension PollPolicy {
    /// The first moment at or after `date` outside the feed's `skipHours` / `skipDays`.
    ///
    /// RSS 2.0 §skipHours/skipDays: the hours are GMT (0–23) and the days English weekday names, so the check
    /// uses a GMT Gregorian calendar. A skipped slot moves the poll to the start of the next allowed hour. If
    /// the hints skip every hour of every day they are contradictory and are ignored (the feed is still polled).
    static func firstAllowed(after date: Date, hints: PollingHints) -> Date {
        let skipDays = Set(hints.skipDays.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        if hints.skipHours.isEmpty && skipDays.isEmpty { return date }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT") ?? calendar.timeZone
        let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        func skipped(_ moment: Date) -> Bool {
            let parts = calendar.dateComponents([.hour, .weekday], from: moment)
            let hour = parts.hour ?? 0
            let day = names[((parts.weekday ?? 1) - 1) % 7]
            return hints.skipHours.contains(hour) || skipDays.contains(day)
        }
        var candidate = date
        // A week of hours covers every (weekday, hour) pair once.
        for _ in 0..<(7 * 24 + 1) {
            if !skipped(candidate) { return candidate }
            let hourStart = calendar.dateInterval(of: .hour, for: candidate)?.start ?? candidate
            candidate = hourStart.addingTimeInterval(3_600)
        }
        return date
    }

    /// The delay before the `overdue`-th (0-based) of `count` overdue feeds is polled after a restart.
    ///
    /// Polling every overdue feed at once after a restart would burst the network and the hosts, so they are
    /// spread evenly over `spread` (default 2 min): each feed gets one slot of `spread / count`, at a random
    /// point within it so the order does not repeat identically on every restart.
    public static func startupSpread(
        overdue: Int, count: Int, spread: Duration = .seconds(120), random: Double
    ) -> Duration {
        guard count > 0 else { return .zero }
        let total = spread.timeInterval
        let slot = total / Double(count)
        let index = Double(min(max(overdue, 0), count - 1))
        return .milliseconds(Int64(((index + random) * slot * 1000).rounded(.down)))
    }
}
