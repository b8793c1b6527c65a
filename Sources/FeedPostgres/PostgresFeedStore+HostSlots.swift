import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

// per_host and min_host_gap across workers: a worker takes one of a host's slots (a `host_slot` row) before it
// sends a request there and gives it back when the transfer ends. Grants for one host are serialised by a
// transaction advisory lock on the host's name, so that two workers never take the last slot, or start inside the
// gap, together; hosts do not wait for each other (beyond a rare hash collision). Times are the server's clock, as
// leases' are: a worker that dies holds its slots until their lease runs out.
extension PostgresFeedStore {
    /// The server's clock in seconds since 1970 (`extract` answers numeric, which is read as a double).
    private static let serverNow = "extract(epoch FROM clock_timestamp())::double precision"

    public func takeHostSlot(_ host: String, cap: Int, gap: Duration, for holder: String, lease: Duration)
        async throws -> HostSlotGrant
    {
        let cap = max(1, cap)
        return try await transaction("take a slot of \(host)") { connection in
            let kind = PostgresSessionLock.Kind.host.rawValue
            try await connection.run("SELECT pg_advisory_xact_lock(\(kind), hashtext(\(host)))", logger: logger)
            let clock = PostgresQuery(unsafeSQL: "SELECT \(Self.serverNow)")
            let now = try await connection.first(clock, as: Double.self, logger: logger) ?? Date().timeIntervalSince1970
            let rows = try await connection.all(
                "SELECT slot, owner, held_until, last_request_at FROM host_slot WHERE host = \(host)",
                as: (Int64, String?, Double?, Double?).self, logger: logger
            ).map { HostSlotRow(index: Int($0.0), owner: $0.1, until: $0.2, lastRequestAt: $0.3) }
            switch HostSlotRow.decide(rows, cap: cap, gap: gap, now: now) {
            case .wait(let seconds):
                return .wait(.milliseconds(Int64((seconds * 1000).rounded(.up))))
            case .take(let index):
                let slot = Int64(index)
                let until = now + lease.timeInterval
                try await connection.run(
                    """
                    INSERT INTO host_slot (host, slot, owner, held_until, last_request_at)
                    VALUES (\(host), \(slot), \(holder), \(until), \(now))
                    ON CONFLICT (host, slot) DO UPDATE SET owner = excluded.owner, held_until = excluded.held_until,
                        last_request_at = excluded.last_request_at
                    """, logger: logger)
                return .granted(HostSlot(host: host, index: index, holder: holder))
            }
        }
    }

    public func renewHostSlots(_ slots: [HostSlot], lease: Duration) async throws -> [HostSlot] {
        guard !slots.isEmpty else { return [] }
        var query = PostgresQuery(
            unsafeSQL: """
                UPDATE host_slot SET held_until = \(Self.serverNow) + $1
                FROM unnest($2::text[], $3::bigint[], $4::text[]) AS held(host, slot, owner)
                WHERE host_slot.host = held.host AND host_slot.slot = held.slot AND host_slot.owner = held.owner
                RETURNING host_slot.host, host_slot.slot
                """)
        Self.bind(slots, after: lease.timeInterval, into: &query)
        let renewed = try await transaction("renew \(slots.count) host slots") { connection in
            try await connection.all(query, as: (String, Int64).self, logger: logger)
        }
        let held = Set(renewed.map { "\($0.1) \($0.0)" })
        return slots.filter { held.contains("\($0.index) \($0.host)") }
    }

    public func releaseHostSlots(_ slots: [HostSlot]) async throws {
        guard !slots.isEmpty else { return }
        var query = PostgresQuery(
            unsafeSQL: """
                UPDATE host_slot SET owner = NULL, held_until = NULL
                FROM unnest($1::text[], $2::bigint[], $3::text[]) AS held(host, slot, owner)
                WHERE host_slot.host = held.host AND host_slot.slot = held.slot AND host_slot.owner = held.owner
                """)
        Self.bind(slots, after: nil, into: &query)
        try await transaction("release \(slots.count) host slots") { connection in
            try await connection.run(query, logger: logger)
        }
    }

    /// Binds `slots` as three arrays (hosts, indexes, holders), after `first` when there is one.
    private static func bind(_ slots: [HostSlot], after first: Double?, into query: inout PostgresQuery) {
        if let first { query.binds.append(first) }
        query.binds.append(slots.map(\.host))
        query.binds.append(slots.map { Int64($0.index) })
        query.binds.append(slots.map(\.holder))
    }
}
