import FeedModel
import Foundation

/// A worker's hold on one of a host's request slots (``FeedStore/takeHostSlot(_:cap:gap:for:lease:)``): several
/// `feedd run` sharing a store keep `per_host` and `min_host_gap` for all of them together, not each on its own.
public struct HostSlot: Sendable, Hashable {
    /// The host, as ``FeedStore/takeHostSlot(_:cap:gap:for:lease:)`` was given it (name and port).
    public var host: String
    /// Which of the host's slots, from 0 to its cap less one.
    public var index: Int
    /// The worker that holds it (``FeedLease/worker(startedAt:)``).
    public var holder: String

    public init(host: String, index: Int, holder: String) {
        self.host = host
        self.index = index
        self.holder = holder
    }
}

/// The answer to a request for a host slot.
public enum HostSlotGrant: Sendable, Hashable {
    /// The slot is this worker's until it gives it back or its lease runs out.
    case granted(HostSlot)
    /// Every slot is held, or the host's last request is closer than its gap: ask again after this long (the
    /// gap's end, or the earliest lease's end, which a release may come before).
    case wait(Duration)
}

/// One of a host's slots as a store keeps it, and the rule that grants them, written once for every backend: the
/// SQLite store keeps its rows in memory (``HostSlotTable``), the PostgreSQL store in its `host_slot` table, both
/// decide with ``decide(_:cap:gap:now:)``.
public struct HostSlotRow: Sendable, Hashable {
    public var index: Int
    /// The worker that holds it, nil when free.
    public var owner: String?
    /// When its hold ends unless renewed, in seconds since 1970 on the store's clock.
    public var until: Double?
    /// When it was last granted: a request to the host started then.
    public var lastRequestAt: Double?

    public init(index: Int, owner: String? = nil, until: Double? = nil, lastRequestAt: Double? = nil) {
        self.index = index
        self.owner = owner
        self.until = until
        self.lastRequestAt = lastRequestAt
    }

    /// Whether the slot is held at `now`: a holder that died holds it only until its lease runs out.
    public func isHeld(at now: Double) -> Bool { owner != nil && (until ?? 0) > now }

    /// What a request for one of the host's slots gets at `now`, given its rows: the lowest free slot, unless
    /// `cap` slots are held (rows past a lowered cap still count) or the last grant is closer than `gap`.
    public static func decide(_ rows: [HostSlotRow], cap: Int, gap: Duration, now: Double) -> Decision {
        let gapSeconds = gap.timeInterval
        if gapSeconds > 0, let last = rows.compactMap(\.lastRequestAt).max(), last + gapSeconds > now {
            return .wait(last + gapSeconds - now)
        }
        let held = rows.filter { $0.isHeld(at: now) }
        if held.count < cap {
            let taken = Set(held.map(\.index))
            if let free = (0..<cap).first(where: { !taken.contains($0) }) { return .take(free) }
        }
        return .wait(max(0, (held.compactMap(\.until).min() ?? now) - now))
    }

    /// The outcome of ``decide(_:cap:gap:now:)``.
    public enum Decision: Sendable, Hashable {
        /// Take the slot of this index.
        case take(Int)
        /// Ask again after this many seconds.
        case wait(Double)
    }
}
