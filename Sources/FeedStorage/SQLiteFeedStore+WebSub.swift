import Foundation
import GRDB

// WebSub subscriptions (WebSubRecord): written by the subscriber before each request, read by the callback by
// token and by the sender by due time.
extension SQLiteFeedStore {
    public func saveWebSub(_ record: WebSubRecord) async throws {
        try await write("save the WebSub subscription of \(record.topic) at \(record.hub)") { db in
            try db.execute(
                sql: """
                    INSERT INTO websub_subscription (
                        feed_id, hub, topic, token, secret, intent, state, state_at, lease_until, failures, reason,
                        next_request_at)
                    VALUES ((\(Self.resolveID)), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (token) DO UPDATE SET
                        feed_id = excluded.feed_id, hub = excluded.hub, topic = excluded.topic,
                        intent = excluded.intent, state = excluded.state, state_at = excluded.state_at,
                        lease_until = excluded.lease_until, failures = excluded.failures, reason = excluded.reason,
                        next_request_at = excluded.next_request_at
                    """,
                arguments: [
                    record.feedURL, record.feedURL, record.hub, record.topic, record.token, record.secret,
                    record.intent.rawValue, record.state.rawValue, record.stateAt.timeIntervalSince1970,
                    record.leaseUntil?.timeIntervalSince1970, record.failures, record.reason,
                    record.nextRequestAt?.timeIntervalSince1970,
                ])
        }
    }

    public func webSub(token: String) async throws -> WebSubRecord? {
        try await read("read a WebSub subscription") { db in
            try Row.fetchOne(db, sql: "\(Self.webSubSelect) WHERE w.token = ?", arguments: [token]).map(Self.webSub)
        }
    }

    public func webSubs(feedURL: String?) async throws -> [WebSubRecord] {
        try await read("read the WebSub subscriptions") { db in
            guard let feedURL else {
                return try Row.fetchAll(db, sql: "\(Self.webSubSelect) ORDER BY f.url IS NOT NULL, f.url, w.hub").map(
                    Self.webSub)
            }
            return try Row.fetchAll(
                db, sql: "\(Self.webSubSelect) WHERE w.feed_id = (\(Self.resolveID)) ORDER BY w.hub",
                arguments: [feedURL, feedURL]
            ).map(Self.webSub)
        }
    }

    public func takeDueWebSubRequests(at now: Date, limit: Int, hold: Duration) async throws -> [WebSubRecord] {
        try await write("take the due WebSub requests") { db in
            let due = try Row.fetchAll(
                db,
                sql: "\(Self.webSubSelect) WHERE w.next_request_at <= ? ORDER BY w.next_request_at, w.id LIMIT ?",
                arguments: [now.timeIntervalSince1970, limit]
            ).map(Self.webSub)
            let postpone = try db.cachedStatement(
                sql: "UPDATE websub_subscription SET next_request_at = ? WHERE token = ?")
            for row in due {
                try postpone.execute(arguments: [now.timeIntervalSince1970 + hold.timeInterval, row.token])
            }
            return due
        }
    }

    /// The columns ``webSub(_:)`` reads, the feed's URL joined in.
    package static let webSubSelect = """
        SELECT w.token, w.secret, f.url, w.hub, w.topic, w.intent, w.state, w.state_at, w.lease_until, w.failures,
            w.reason, w.next_request_at
        FROM websub_subscription w LEFT JOIN feed f ON f.id = w.feed_id
        """

    private static func webSub(_ row: Row) -> WebSubRecord {
        WebSubRecord(
            token: row[0], secret: row[1], feedURL: row[2], hub: row[3], topic: row[4],
            intent: WebSubRecord.Intent(rawValue: row[5]) ?? .unsubscribe,
            state: WebSubRecord.State(rawValue: row[6]) ?? .failing, stateAt: date(row[7]) ?? Date(),
            leaseUntil: date(row[8]), failures: row[9], reason: row[10], nextRequestAt: date(row[11]))
    }
}
