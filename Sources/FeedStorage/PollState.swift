import FeedModel
import Foundation

/// What the scheduler decided after a poll, kept with the feed so that a restart honours it and `feedd status`
/// can say why the next poll is when it is.
public struct PollState: Sendable, Hashable {
    /// The interval in force (before jitter), for display.
    public var interval: Duration?
    /// The rule that set the next poll: adaptive, configured, ttl, syndication, cache_control, retry_after,
    /// backoff, skip, gone (the scheduler's names; the store keeps the text).
    public var reason: IntervalReason?
    /// No request before this instant: the server's Retry-After, honoured across restarts.
    public var retryAfterUntil: Date?
    /// 410 Gone: the feed is not polled until the user enables it again.
    public var gone: Bool
    /// The feed's own hints (ttl, skipHours/Days, sy:) from its last parsed document: a 304 does not repeat them.
    public var hints: PollingHints

    /// A state with every field given.
    public init(
        interval: Duration? = nil, reason: IntervalReason? = nil, retryAfterUntil: Date? = nil, gone: Bool = false,
        hints: PollingHints = PollingHints()
    ) {
        self.hints = hints
        self.interval = interval
        self.reason = reason
        self.retryAfterUntil = retryAfterUntil
        self.gone = gone
    }
}

/// The scheduler's answer for one poll: when to poll next and the state to keep.
public struct PollPlan: Sendable, Hashable {
    /// When to poll next; nil means as soon as possible (a gone feed is not polled whatever this says).
    public var nextDueAt: Date?
    /// The state to store with the feed.
    public var state: PollState

    /// A plan from its parts.
    public init(nextDueAt: Date?, state: PollState) {
        self.nextDueAt = nextDueAt
        self.state = state
    }
}

/// ``PollingHints`` as the store keeps them (JSON text in `feed.polling_hints`).
package struct StoredHints: Codable {
    var ttl: Int?
    var skipHours: [Int]?
    var skipDays: [String]?
    var updatePeriod: String?
    var updateFrequency: Int?

    init(_ hints: PollingHints) {
        ttl = hints.ttlMinutes
        skipHours = hints.skipHours.isEmpty ? nil : hints.skipHours.sorted()
        skipDays = hints.skipDays.isEmpty ? nil : hints.skipDays.sorted()
        updatePeriod = hints.updatePeriod
        updateFrequency = hints.updateFrequency
    }

    var hints: PollingHints {
        PollingHints(
            ttlMinutes: ttl, skipHours: Set(skipHours ?? []), skipDays: Set(skipDays ?? []),
            updatePeriod: updatePeriod, updateFrequency: updateFrequency)
    }

    /// The JSON text; nil when there is no hint at all. Written with ItemJSON's object writer rather than by
    /// JSONEncoder: it runs in every commit of a feed that has hints; ``decode(_:)`` reads either.
    package static func encode(_ hints: PollingHints) -> String? {
        guard hints != PollingHints() else { return nil }
        let stored = StoredHints(hints)
        var object = ItemJSON.ObjectWriter(out: [])
        object.integer("ttl", stored.ttl)
        object.list("skipHours", stored.skipHours ?? []) { hour, out in out += String(hour).utf8 }
        object.list("skipDays", stored.skipDays ?? []) { day, out in ItemJSON.appendString(day, to: &out) }
        object.string("updatePeriod", stored.updatePeriod)
        object.integer("updateFrequency", stored.updateFrequency)
        return String(decoding: object.close(), as: UTF8.self)
    }

    /// The hints in `text`; none for NULL or text that is not ours (hand-edited).
    static func decode(_ text: String?) -> PollingHints {
        guard let text, let stored = try? JSONDecoder().decode(StoredHints.self, from: Data(text.utf8)) else {
            return PollingHints()
        }
        return stored.hints
    }
}
