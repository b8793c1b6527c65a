import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

// Several `feedd run` share the feeds through leases on their rows: a worker claims the due feeds it is about to
// poll, renews their leases while polling, and its commit checks and releases the lease. Lease times are the
// server's clock (`clock_timestamp()`), the one clock every host shares; due times are the workers' own, as the
// SQLite store's.
extension PostgresFeedStore {
    /// The server's clock in seconds since 1970, as lease times are stored.
    private static let serverNow = "extract(epoch FROM clock_timestamp())"

    /// One UPDATE grants the claimable feeds: the sub-select locks them with SKIP LOCKED, so a feed another worker
    /// is claiming (or committing) at the same moment is left to it rather than waited for, and under READ
    /// COMMITTED a row changed since the statement began is checked again once locked, so no feed is granted
    /// twice.
    public func claim(_ urls: [String], for holder: String, lease: Duration, now: Date) async throws -> [FeedLease] {
        guard !urls.isEmpty else { return [] }
        let seconds = lease.timeInterval
        let due = now.timeIntervalSince1970
        var query = PostgresQuery(
            unsafeSQL: """
                UPDATE feed SET lease_owner = $1, lease_until = \(Self.serverNow) + $2, lease_fence = lease_fence + 1
                WHERE id IN (
                    SELECT id FROM feed
                    WHERE url = ANY($3) AND NOT gone AND COALESCE(next_due_at, 0) <= $4
                        AND COALESCE(retry_after_until, 0) <= $4
                        AND (lease_until IS NULL OR lease_until < \(Self.serverNow))
                    FOR UPDATE SKIP LOCKED)
                RETURNING url, lease_fence
                """)
        query.binds.append(holder)
        query.binds.append(seconds)
        query.binds.append(urls)
        query.binds.append(due)
        let granted = try await transaction("claim \(urls.count) feeds") { connection in
            try await connection.all(query, as: (String, Int64).self, logger: logger)
        }
        return granted.map { FeedLease(feedURL: $0.0, holder: holder, fence: $0.1) }
    }

    public func renew(_ leases: [FeedLease], lease: Duration) async throws -> [FeedLease] {
        guard !leases.isEmpty else { return [] }
        var query = PostgresQuery(
            unsafeSQL: """
                UPDATE feed SET lease_until = \(Self.serverNow) + $1
                FROM unnest($2::text[], $3::text[], $4::bigint[]) AS held(url, holder, fence)
                WHERE feed.url = held.url AND feed.lease_owner = held.holder AND feed.lease_fence = held.fence
                RETURNING feed.url
                """)
        query.binds.append(lease.timeInterval)
        query.binds.append(leases.map(\.feedURL))
        query.binds.append(leases.map(\.holder))
        query.binds.append(leases.map(\.fence))
        let renewed: [String] = try await transaction("renew \(leases.count) leases") { connection in
            try await connection.all(query, as: String.self, logger: logger)
        }
        let held = Set(renewed)
        return leases.filter { held.contains($0.feedURL) }
    }

    public func release(_ leases: [FeedLease]) async throws {
        guard !leases.isEmpty else { return }
        var query = PostgresQuery(
            unsafeSQL: """
                UPDATE feed SET lease_owner = NULL, lease_until = NULL
                FROM unnest($1::text[], $2::text[], $3::bigint[]) AS held(url, holder, fence)
                WHERE feed.url = held.url AND feed.lease_owner = held.holder AND feed.lease_fence = held.fence
                """)
        query.binds.append(leases.map(\.feedURL))
        query.binds.append(leases.map(\.holder))
        query.binds.append(leases.map(\.fence))
        try await transaction("release \(leases.count) leases") { connection in
            try await connection.run(query, logger: logger)
        }
    }

    /// Inside a commit, with the feed's row locked: refuses the commit (the transaction rolls back) when the lease
    /// is no longer the feed's latest grant to its holder, and releases it otherwise, so that the feed may be
    /// claimed again as soon as it is due. An expired lease not yet taken over still commits: nobody else polled.
    func checkLease(_ lease: FeedLease, of feedID: Int64, _ connection: PostgresConnection) async throws {
        let current = try await connection.first(
            "SELECT lease_owner, lease_fence FROM feed WHERE id = \(feedID)", as: (String?, Int64).self,
            logger: logger)
        guard let (owner, fence) = current, owner == lease.holder, fence == lease.fence else {
            throw FeedStorageError.leaseLost(feed: lease.feedURL, holder: current.flatMap { $0.0 })
        }
        try await connection.run(
            "UPDATE feed SET lease_owner = NULL, lease_until = NULL WHERE id = \(feedID)", logger: logger)
    }
}
