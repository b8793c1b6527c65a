import FeedStorage
import Foundation
import PostgresNIO

// WebSub subscriptions: the SQLite store's statements (SQLiteFeedStore+WebSub) in PostgreSQL's dialect. Any
// worker answers a callback by token; the rows are shared by every host of the database.
extension PostgresFeedStore {
    public func saveWebSub(_ record: WebSubRecord) async throws {
        var query = PostgresQuery(
            unsafeSQL: """
                INSERT INTO websub_subscription (
                    feed_id, hub, topic, token, secret, intent, state, state_at, lease_until, failures, reason,
                    next_request_at)
                VALUES ((\(Self.resolveID)), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (token) DO UPDATE SET
                    feed_id = excluded.feed_id, hub = excluded.hub, topic = excluded.topic, intent = excluded.intent,
                    state = excluded.state, state_at = excluded.state_at, lease_until = excluded.lease_until,
                    failures = excluded.failures, reason = excluded.reason, next_request_at = excluded.next_request_at
                """)
        query.binds.append(record.feedURL)
        query.binds.append(record.hub)
        query.binds.append(record.topic)
        query.binds.append(record.token)
        query.binds.append(record.secret)
        query.binds.append(record.intent.rawValue)
        query.binds.append(record.state.rawValue)
        query.binds.append(record.stateAt.timeIntervalSince1970)
        query.binds.append(record.leaseUntil?.timeIntervalSince1970)
        query.binds.append(Int64(record.failures))
        query.binds.append(record.reason)
        query.binds.append(record.nextRequestAt?.timeIntervalSince1970)
        try await transaction("save the WebSub subscription of \(record.topic) at \(record.hub)") { connection in
            try await connection.run(query, logger: logger)
        }
    }

    public func webSub(token: String) async throws -> WebSubRecord? {
        var query = PostgresQuery(unsafeSQL: "\(SQLiteFeedStore.webSubSelect) WHERE w.token = $1")
        query.binds.append(token)
        return try await webSubs(query, "read a WebSub subscription").first
    }

    public func webSubs(feedURL: String?) async throws -> [WebSubRecord] {
        guard let feedURL else {
            return try await webSubs(
                PostgresQuery(unsafeSQL: "\(SQLiteFeedStore.webSubSelect) ORDER BY f.url IS NOT NULL, f.url, w.hub"),
                "read the WebSub subscriptions")
        }
        var query = PostgresQuery(
            unsafeSQL: "\(SQLiteFeedStore.webSubSelect) WHERE w.feed_id = (\(Self.resolveID)) ORDER BY w.hub")
        query.binds.append(feedURL)
        return try await webSubs(query, "read the WebSub subscriptions of \(feedURL)")
    }

    /// Rows another worker is taking at the same moment are skipped (`SKIP LOCKED`), not waited for.
    public func takeDueWebSubRequests(at now: Date, limit: Int, hold: Duration) async throws -> [WebSubRecord] {
        let due = now.timeIntervalSince1970
        let until = due + hold.timeInterval
        let rows = try await transaction("take the due WebSub requests") { connection in
            let tokens = try await connection.all(
                """
                SELECT token FROM websub_subscription WHERE next_request_at <= \(due)
                ORDER BY next_request_at, id LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED
                """, as: String.self, logger: logger)
            guard !tokens.isEmpty else { return [WebSubRow]() }
            let rows = try await connection.all(
                PostgresQuery(
                    unsafeSQL: """
                        \(SQLiteFeedStore.webSubSelect) WHERE w.token = ANY($1) ORDER BY w.next_request_at, w.token
                        """, binds: Self.binds(tokens)), as: WebSubRow.self, logger: logger)
            try await connection.run(
                "UPDATE websub_subscription SET next_request_at = \(until) WHERE token = ANY(\(tokens))",
                logger: logger)
            return rows
        }
        return rows.map(Self.webSub)
    }

    private func webSubs(_ query: PostgresQuery, _ operation: String) async throws -> [WebSubRecord] {
        let rows = try await read(operation) { connection in
            try await connection.all(query, as: WebSubRow.self, logger: logger)
        }
        return rows.map(Self.webSub)
    }

    /// The columns of ``SQLiteFeedStore/webSubSelect``.
    private typealias WebSubRow = (
        String, String, String?, String, String, String, String, Double, Double?, Int64, String?, Double?
    )

    private static func binds(_ tokens: [String]) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(tokens)
        return binds
    }

    private static func webSub(_ row: WebSubRow) -> WebSubRecord {
        WebSubRecord(
            token: row.0, secret: row.1, feedURL: row.2, hub: row.3, topic: row.4,
            intent: WebSubRecord.Intent(rawValue: row.5) ?? .unsubscribe,
            state: WebSubRecord.State(rawValue: row.6) ?? .failing,
            stateAt: Date(timeIntervalSince1970: row.7), leaseUntil: row.8.map(Date.init(timeIntervalSince1970:)),
            failures: Int(row.9), reason: row.10, nextRequestAt: row.11.map(Date.init(timeIntervalSince1970:)))
    }
}
