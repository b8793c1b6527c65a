import Foundation

// What a retention removes, decided apart from any database: both stores read a feed's items and ask these.
extension Retention {
    /// Whether anything of a feed holding `count` items, the oldest first seen at `oldest` (seconds since 1970),
    /// is due at `now`: most polls remove nothing, which the stores tell from an index alone.
    package func removesAny(count: Int, oldest: Double?, now: Double) -> Bool {
        guard maxItems != nil || maxAge != nil else { return false }
        let tooMany = maxItems.map { count > $0 } ?? false
        let tooOld = oldest.map { $0 < now - (maxAge?.timeInterval ?? .infinity) } ?? false
        return tooMany || tooOld
    }

    /// The positions in `items` (one feed's, newest seq first, with when each was first seen) that go at `now`:
    /// beyond the newest ``maxItems`` or first seen longer than ``maxAge`` ago, except the items after
    /// `protectedAfter` (the lowest consumer cursor), which some consumer has not received yet.
    package func removed(_ items: [(seq: Int64, firstSeenAt: Double)], protectedAfter: Int64, now: Double) -> [Int] {
        let cutoff = maxAge.map { now - $0.timeInterval }
        return items.indices.filter { index in
            guard items[index].seq <= protectedAfter else { return false }
            let tooMany = maxItems.map { index >= $0 } ?? false
            let tooOld = cutoff.map { items[index].firstSeenAt < $0 } ?? false
            return tooMany || tooOld
        }
    }
}
