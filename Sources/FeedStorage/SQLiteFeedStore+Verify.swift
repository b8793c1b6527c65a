import Foundation
import GRDB

extension SQLiteFeedStore {
    /// `feedd check`: SQLite's own `integrity_check` (pages, indexes, constraints), then feedd's invariants: one
    /// item per (feed, key), item counters that match the items, no cursor beyond the newest seq handed out, delivery
    /// receipts only for stored items and known consumers, and no URL that is both a feed's and another's old one.
    public func verify() async throws -> [String] {
        try await read("verify the store") { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems += integrity.map { "SQLite integrity check: \($0)" } }
            let duplicates =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM (SELECT 1 FROM item GROUP BY feed_id, key HAVING COUNT(*) > 1)") ?? 0
            if duplicates > 0 { problems.append("\(duplicates) identity keys are stored more than once") }
            let miscounted = try String.fetchAll(
                db,
                sql: """
                    SELECT feed.url FROM feed
                    WHERE feed.item_count != (SELECT COUNT(*) FROM item WHERE item.feed_id = feed.id)
                    """)
            problems += miscounted.map { "the item count of \($0) does not match its items" }
            // The newest seq handed out, not the newest stored: retention may have removed every item a cursor
            // passed.
            let lastSeq = try Self.highWater(in: db)
            let ahead = try String.fetchAll(
                db, sql: "SELECT name FROM consumer WHERE last_seq > ?", arguments: [lastSeq])
            problems += ahead.map { "the cursor of consumer '\($0)' is beyond the newest item ever stored" }
            // Receipts (DeliveryRule) name a consumer and a stored edited item: one for anything else is a rule
            // that was not followed when a consumer or an item went away.
            let strayReceipts =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM receipt
                        WHERE consumer NOT IN (SELECT name FROM consumer)
                            OR origin NOT IN (SELECT origin_seq FROM item WHERE origin_seq IS NOT NULL)
                        """) ?? 0
            if strayReceipts > 0 { problems.append("\(strayReceipts) delivery receipts name no consumer or no item") }
            // A moved feed's old URL names it alone: were it also a feed's own URL, one URL would mean two feeds.
            let ambiguous = try String.fetchAll(
                db, sql: "SELECT url FROM feed_alias WHERE url IN (SELECT url FROM feed)")
            problems += ambiguous.map { "\($0) is both a feed and the old URL of another one" }
            return problems
        }
    }
}
