import FeedModel
import Foundation

extension PollPolicy {
    /// The window over which the rate of new items is measured: a week evens out weekday/weekend rhythms.
    static let rateWindow: TimeInterval = 7 * 86_400

    /// Decides when to poll a feed next.
    ///
    /// Order: 410 ends polling; otherwise the base interval (configured, else adaptive), lengthened by the
    /// largest hint floor; ±`jitter`; or, after failures, exponential backoff with full jitter; then
    /// `Retry-After`; finally the poll is moved out of `skipHours` / `skipDays`.
    public func decide(_ inputs: PollInputs) -> PollDecision {
        // RFC 9110 §15.5.11: 410 means the resource is gone for good and the condition is permanent.
        if inputs.gone { return PollDecision(next: nil, reason: .gone) }

        var (wait, reason) = baseInterval(inputs)
        if inputs.consecutiveFailures > 0 {
            wait = backoff(from: wait, failures: inputs.consecutiveFailures, random: inputs.random)
            reason = .backoff
        } else {
            // ±jitter so feeds added together drift apart instead of hitting servers in lock step.
            wait *= 1 + jitter * (2 * inputs.random - 1)
        }
        // RFC 9110 §10.2.3: the server asked us to wait this long; honour it (capped) whatever else applies.
        if let retryAfter = inputs.retryAfter?.timeInterval {
            let floor = min(retryAfter, retryAfterCap.timeInterval)
            if floor > wait { (wait, reason) = (floor, .retryAfter) }
        }
        let planned = inputs.now.addingTimeInterval(wait)
        let allowed = Self.firstAllowed(after: planned, hints: inputs.hints)
        if allowed > planned { return PollDecision(next: allowed, reason: .skip) }
        return PollDecision(next: planned, reason: reason)
    }

    /// The interval before jitter: configured or adaptive, then lengthened by the largest hint floor.
    func baseInterval(_ inputs: PollInputs) -> (TimeInterval, PollDecision.Reason) {
        var wait: TimeInterval
        var reason: PollDecision.Reason
        if let configured = inputs.configuredInterval {
            // The user's explicit choice wins over what feedd would learn.
            (wait, reason) = (configured.timeInterval, .configured)
        } else {
            (wait, reason) = (adaptiveInterval(inputs), .adaptive)
        }
        for (floor, why) in floors(inputs) where floor > wait { (wait, reason) = (floor, why) }
        return (wait, reason)
    }

    /// The adaptive interval: window / ((items + 1) × `pollsPerItem`), clamped to [min, max], where the window is
    /// the time feedd has observed the feed: min(7 d, max(now − `observedSince`, `minObservation`)).
    ///
    /// A feed publishing N items a day has ≈ N × window-days items in the window, so it is polled ≈ N ×
    /// `pollsPerItem` times a day (default 1.25: a new item waits on average 0.4 of the gap between items). The
    /// +1 keeps a silent feed finite. Why the observed window rather than always 7 days: the first document is
    /// the baseline (its items are not counted), so a feed watched for an hour has at most an hour of items;
    /// dividing the full week by them said "silent for a week" (7 d / 1.25 = 5.6 d → the 24 h maximum), a new
    /// feed waited a day for its second poll and a first failure backed off from 24 h. Over the observed window
    /// a young silent feed starts at 1 h / 1.25 = 48 min and lengthens as silence accumulates, while a feed
    /// that posted 2 items in its first 6 h gets 6 h / 3.75 = 96 min, the same rate estimate a week would give
    /// once it has been seen for one. Items seen in the future (a clock step back) or before the window are
    /// ignored.
    func adaptiveInterval(_ inputs: PollInputs) -> TimeInterval {
        let observed = inputs.observedSince.map { inputs.now.timeIntervalSince($0) } ?? 0
        let window = min(Self.rateWindow, max(observed, minObservation.timeInterval))
        let start = inputs.now.addingTimeInterval(-window)
        let count = inputs.newItemTimes.filter { $0 > start && $0 <= inputs.now }.count
        let raw = window / (Double(count + 1) * pollsPerItem)
        return min(max(raw, minInterval.timeInterval), maxInterval.timeInterval)
    }

    /// Lower bounds from the feed and the server; each only lengthens the interval, each capped at `hintCap`.
    func floors(_ inputs: PollInputs) -> [(TimeInterval, PollDecision.Reason)] {
        var result: [(TimeInterval, PollDecision.Reason)] = []
        // RSS 2.0 `ttl`: "number of minutes that indicates how long a channel can be cached".
        if let ttl = inputs.hints.ttlMinutes, ttl > 0 { result.append((Double(ttl) * 60, .ttl)) }
        // RSS 1.0 mod_syndication: the feed updates `updateFrequency` times per `updatePeriod` (frequency
        // defaults to 1).
        if let period = inputs.hints.updatePeriod.flatMap(Self.periodSeconds) {
            let frequency = max(inputs.hints.updateFrequency ?? 1, 1)
            result.append((period / Double(frequency), .syndication))
        }
        // RFC 9111 §5.2.2.1 / §5.3: a fresh response needs no refetch before it goes stale.
        if let maxAge = inputs.cacheMaxAge { result.append((maxAge.timeInterval, .cacheControl)) }
        if let expires = inputs.expires { result.append((expires.timeIntervalSince(inputs.now), .cacheControl)) }
        let cap = hintCap.timeInterval
        return result.map { (min($0.0, cap), $0.1) }
    }

    /// Exponential backoff: the ceiling doubles per failure (1×, 2×, 4× … the interval, capped at `maxBackoff`)
    /// and the wait is drawn uniformly below it ("full jitter"), so feeds failing together (a host down) retry
    /// spread out rather than in waves; never under `minInterval` so a random draw near 0 does not hammer.
    func backoff(from interval: TimeInterval, failures: Int, random: Double) -> TimeInterval {
        let exponent = Double(min(failures - 1, 30))
        let ceiling = min(interval * pow(2, exponent), maxBackoff.timeInterval)
        return max(ceiling * random, min(minInterval.timeInterval, ceiling))
    }

    /// Seconds in a `sy:updatePeriod` value; nil for unknown values (ignored rather than guessed).
    static func periodSeconds(_ period: String) -> TimeInterval? {
        // One word between any white space (split in Swift: Foundation's trimming goes through NSString, and this
        // runs in every commit of a feed that declares a period).
        let words = period.split(whereSeparator: \.isWhitespace)
        guard words.count == 1 else { return nil }
        return switch words[0].lowercased() {
        case "hourly": 3_600
        case "daily": 86_400
        case "weekly": 7 * 86_400
        case "monthly": 30 * 86_400
        case "yearly": 365 * 86_400
        default: nil
        }
    }
}
