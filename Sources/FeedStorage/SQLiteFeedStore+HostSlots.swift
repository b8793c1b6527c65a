import Foundation

// One `feedd run` polls a SQLite file at a time (RunLock), so its host slots need no table: the process's own
// table grants them, on the wall clock, by the rule the PostgreSQL store applies to its rows.
extension SQLiteFeedStore {
    public func takeHostSlot(_ host: String, cap: Int, gap: Duration, for holder: String, lease: Duration)
        async throws -> HostSlotGrant
    {
        hostSlots.take(host, cap: cap, gap: gap, for: holder, lease: lease, now: Date().timeIntervalSince1970)
    }

    public func renewHostSlots(_ slots: [HostSlot], lease: Duration) async throws -> [HostSlot] {
        hostSlots.renew(slots, lease: lease, now: Date().timeIntervalSince1970)
    }

    public func releaseHostSlots(_ slots: [HostSlot]) async throws { hostSlots.release(slots) }
}
