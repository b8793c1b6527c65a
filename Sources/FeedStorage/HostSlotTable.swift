import FeedModel
import Foundation
import Synchronization

/// The host slots of a store that one process polls (a SQLite file, ``RunLock``): kept in memory, on the wall
/// clock, granted by the same rule as the PostgreSQL store's table (``HostSlotRow/decide(_:cap:gap:now:)``).
final class HostSlotTable: Sendable {
    private let rows = Mutex<[String: [Int: HostSlotRow]]>([:])

    func take(_ host: String, cap: Int, gap: Duration, for holder: String, lease: Duration, now: Double)
        -> HostSlotGrant
    {
        rows.withLock { table in
            var slots = table[host, default: [:]]
            switch HostSlotRow.decide(Array(slots.values), cap: max(1, cap), gap: gap, now: now) {
            case .wait(let seconds):
                return .wait(.milliseconds(Int64((seconds * 1000).rounded(.up))))
            case .take(let index):
                slots[index] = HostSlotRow(
                    index: index, owner: holder, until: now + lease.timeInterval, lastRequestAt: now)
                table[host] = slots
                return .granted(HostSlot(host: host, index: index, holder: holder))
            }
        }
    }

    /// Extends the slots still held by their holders; answers those.
    func renew(_ slots: [HostSlot], lease: Duration, now: Double) -> [HostSlot] {
        rows.withLock { table in
            slots.filter { slot in
                guard var row = table[slot.host]?[slot.index], row.owner == slot.holder else { return false }
                row.until = now + lease.timeInterval
                table[slot.host]?[slot.index] = row
                return true
            }
        }
    }

    /// Frees the slots still held by their holders; the host keeps the time of its last request for its gap.
    func release(_ slots: [HostSlot]) {
        rows.withLock { table in
            for slot in slots where table[slot.host]?[slot.index]?.owner == slot.holder {
                table[slot.host]?[slot.index]?.owner = nil
                table[slot.host]?[slot.index]?.until = nil
            }
        }
    }
}
