import FeedTesting
import Foundation

/// The figures of one simulation run, by publishing-rate band, beside a fixed 30-minute poller.
struct Report {
    struct Band {
        let name: String
        let range: ClosedRange<Double>
    }

    static let bands = [
        Band(name: "10-50/day", range: 10...1_000),
        Band(name: "1-10/day", range: 1...9.999_999),
        Band(name: "1/week-1/day", range: (1.0 / 7)...0.999_999),
        Band(name: "1/month-1/week", range: 0...(1.0 / 7 - 1e-9)),
    ]

    let simulation: Simulation
    let fixedInterval: Double

    static func median(_ values: [Double]) -> Double? { percentile(values, 0.5) }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    static func minutes(_ seconds: Double?) -> String {
        seconds.map { String(format: "%.1f min", $0 / 60) } ?? "-"
    }

    /// The delays a fixed poller with a random phase per feed would have had for the same publications.
    func fixedDelays(_ feed: SimulatedFeed, phase: Double) -> [Double] {
        feed.publications.map { publication in
            let since = (publication - phase).truncatingRemainder(dividingBy: fixedInterval)
            return fixedInterval - (since < 0 ? since + fixedInterval : since)
        }
    }

    /// Prints the table and the verdicts; returns true when every target holds.
    func print() -> Bool {
        let feeds = simulation.feeds
        let days = simulation.days
        Swift.print(
            "feeds \(feeds.count), \(Int(days)) virtual days; failing \(feeds.filter { $0.server == .failing }.count),"
                + " answering 429 \(feeds.filter { $0.server == .rateLimited }.count)")
        Swift.print("")
        let header = ["band", "feeds", "items/day", "requests/day", "requests/item", "median delay", "p90 delay"]
        Swift.print(header.map { $0.padding(toLength: 15, withPad: " ", startingAt: 0) }.joined())
        for band in Self.bands {
            let members = feeds.filter { band.range.contains($0.ratePerDay) && $0.server != .failing }
            guard !members.isEmpty else { continue }
            let items = members.reduce(0) { $0 + $1.publications.count }
            let requests = members.reduce(0) { $0 + $1.requests }
            let delays = members.flatMap(\.delays)
            let cells = [
                band.name, "\(members.count)", String(format: "%.2f", Double(items) / days / Double(members.count)),
                String(format: "%.2f", Double(requests) / days / Double(members.count)),
                String(format: "%.2f", items > 0 ? Double(requests) / Double(items) : 0),
                Self.minutes(Self.median(delays)), Self.minutes(Self.percentile(delays, 0.9)),
            ]
            Swift.print(cells.map { $0.padding(toLength: 15, withPad: " ", startingAt: 0) }.joined())
        }
        let failing = feeds.filter { $0.server == .failing }
        Swift.print(
            String(
                format: "failing feeds: %.2f requests/day each (backoff)",
                Double(failing.reduce(0) { $0 + $1.requests }) / days / Double(max(failing.count, 1))))
        Swift.print("")

        let total = feeds.reduce(0) { $0 + $1.requests }
        let fixedTotal = Int((days * 86_400 / fixedInterval).rounded()) * feeds.count
        let active = feeds.filter(\.isActive)
        let activeDelays = active.flatMap(\.delays)
        var phases = SplitMix(seed: 7)
        let fixedActive = active.flatMap { fixedDelays($0, phase: phases.unit() * fixedInterval) }
        let inside = feeds.reduce(0) { $0 + $1.requestsInsideWindows }
        let ratio = Double(fixedTotal) / Double(max(total, 1))
        let median = Self.median(activeDelays) ?? .infinity
        let perFeedMedians = active.compactMap { Self.median($0.delays) }
        Swift.print(
            "requests: adaptive \(total), fixed 30-minute poller \(fixedTotal): \(String(format: "%.2f", ratio))x fewer"
        )
        Swift.print(
            "median delay, feeds posting daily or more (\(active.count) feeds, \(activeDelays.count) items):"
                + " adaptive \(Self.minutes(median)), fixed 30-minute poller \(Self.minutes(Self.median(fixedActive)))"
        )
        Swift.print("median of those feeds' own median delays: \(Self.minutes(Self.median(perFeedMedians)))")
        let windows = feeds.reduce(0) { $0 + $1.windowsAnnounced }
        Swift.print("requests inside a Retry-After window: \(inside) (of \(windows) windows announced by 429 answers)")
        Swift.print("")
        let verdicts = [
            ("at least 5x fewer requests than the fixed poller", ratio >= 5),
            ("median delay for daily-or-more feeds under 30 min", median < 30 * 60),
            ("no request inside a Retry-After window", inside == 0),
        ]
        for (target, met) in verdicts { Swift.print("\(met ? "PASS" : "FAIL")  \(target)") }
        return verdicts.allSatisfy(\.1)
    }
}
