import FeedStorage
import Foundation
import PostgresNIO

extension PostgresFeedStore {
    /// `feedd check`: feedd's invariants, as the SQLite store checks them (PostgreSQL keeps its own pages and
    /// indexes consistent; amcheck is an extension a database may not have): one item per (feed, key), item
    /// counters that match the items, no cursor beyond the newest seq handed out, receipts only for stored items
    /// and known consumers, no URL that is both a feed's and another's old one, and the sequencer at or above every
    /// stored seq.
    public func verify() async throws -> [String] {
        try await transaction("verify the store") { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            var problems: [String] = []
            let duplicates: Int64 =
                try await connection.first(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM item GROUP BY feed_id, key HAVING COUNT(*) > 1) AS d",
                    as: Int64.self, logger: logger) ?? 0
            if duplicates > 0 { problems.append("\(duplicates) identity keys are stored more than once") }
            let miscounted = try await connection.all(
                """
                SELECT feed.url FROM feed
                WHERE feed.item_count != (SELECT COUNT(*) FROM item WHERE item.feed_id = feed.id)
                """, as: String.self, logger: logger)
            problems += miscounted.map { "the item count of \($0) does not match its items" }
            let lastSeq = try await PostgresReads.highWater(connection, logger)
            let ahead = try await connection.all(
                "SELECT name FROM consumer WHERE last_seq > \(lastSeq)", as: String.self, logger: logger)
            problems += ahead.map { "the cursor of consumer '\($0)' is beyond the newest item ever stored" }
            let beyond: Int64 =
                try await connection.first(
                    "SELECT COUNT(*) FROM item WHERE seq > \(lastSeq)", as: Int64.self, logger: logger) ?? 0
            if beyond > 0 { problems.append("\(beyond) items have a seq the sequencer has not handed out") }
            let strayReceipts: Int64 =
                try await connection.first(
                    """
                    SELECT COUNT(*) FROM receipt
                    WHERE consumer NOT IN (SELECT name FROM consumer)
                        OR origin NOT IN (SELECT origin_seq FROM item WHERE origin_seq IS NOT NULL)
                    """, as: Int64.self, logger: logger) ?? 0
            if strayReceipts > 0 { problems.append("\(strayReceipts) delivery receipts name no consumer or no item") }
            let ambiguous = try await connection.all(
                "SELECT url FROM feed_alias WHERE url IN (SELECT url FROM feed)", as: String.self, logger: logger)
            problems += ambiguous.map { "\($0) is both a feed and the old URL of another one" }
            return problems
        }
    }
}
