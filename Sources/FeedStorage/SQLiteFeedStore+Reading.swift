import FeedModel
import Foundation
import GRDB

// Reads, and the consumer cursors.
extension SQLiteFeedStore {
    /// The feed columns a ``FeedRecord`` is built from; the title is the user's, else the feed's own.
    private static let feedColumns = """
        url, COALESCE(user_title, feed_title) AS title, tags, etag, last_modified, last_polled_at, last_outcome,
        last_status, last_error, consecutive_failures, next_due_at, item_count, body_hash, current_interval,
        interval_reason, retry_after_until, gone, polling_hints, redirect_target, redirect_count, baseline_at,
        (SELECT json_group_array(url) FROM feed_alias WHERE feed_id = feed.id) AS aliases
        """

    static func feeds(in db: Database) throws -> [FeedRecord] {
        try Row.fetchAll(db, sql: "SELECT \(feedColumns) FROM feed ORDER BY url").map(record)
    }

    /// The feed at `url`, or the one that moved away from it (an alias).
    static func feed(url: String, in db: Database) throws -> FeedRecord? {
        try Row.fetchOne(
            db, sql: "SELECT \(feedColumns) FROM feed WHERE id = (\(resolveID))", arguments: [url, url]
        ).map(record)
    }

    /// SQL for the id of the feed at a URL or aliased by it; takes the URL twice.
    static let resolveID = """
        SELECT id FROM feed WHERE url = ? UNION ALL SELECT feed_id FROM feed_alias WHERE url = ? LIMIT 1
        """

    /// When each item of the feed at `url` that feedd saw first since `since` was first seen, oldest first; the
    /// items of the feed's first stored document are left out (all "new" at once, they say nothing of its rate).
    static func newItemTimes(of url: String, since: Date, in db: Database) throws -> [Date] {
        try Double.fetchAll(
            db,
            sql: """
                SELECT item.first_seen_at FROM item JOIN feed ON feed.id = item.feed_id
                WHERE feed.id = (\(resolveID)) AND item.first_seen_at >= ?
                    AND item.first_seen_at > COALESCE(feed.baseline_at, 0)
                ORDER BY item.first_seen_at
                """,
            arguments: [url, url, since.timeIntervalSince1970]
        ).map(Date.init(timeIntervalSince1970:))
    }

    private static func record(_ row: Row) throws -> FeedRecord {
        let tagsJSON: String = row["tags"]
        // Only `register` writes this column, always as a JSON array; text edited by hand into something else
        // costs the feed its tags, not the whole listing.
        let tags = (try? JSONDecoder().decode([String].self, from: Data(tagsJSON.utf8))) ?? []
        let aliasesJSON: String = row["aliases"]
        let aliases = (try? JSONDecoder().decode([String].self, from: Data(aliasesJSON.utf8))) ?? []
        return FeedRecord(
            url: row["url"], title: row["title"], tags: tags,
            validators: HTTPValidators(etag: row["etag"], lastModified: row["last_modified"]),
            lastPolledAt: date(row["last_polled_at"]),
            lastOutcome: (row["last_outcome"] as String?).flatMap(PollOutcome.init(rawValue:)),
            lastStatus: row["last_status"], lastError: row["last_error"],
            consecutiveFailures: row["consecutive_failures"], nextDueAt: date(row["next_due_at"]),
            itemCount: row["item_count"], bodyHash: row["body_hash"],
            pollState: PollState(
                interval: (row["current_interval"] as Double?).map { .milliseconds(Int64(($0 * 1000).rounded())) },
                reason: row["interval_reason"], retryAfterUntil: date(row["retry_after_until"]),
                gone: row["gone"] as Bool, hints: StoredHints.decode(row["polling_hints"])),
            aliases: aliases.sorted(), redirectTarget: row["redirect_target"], redirectCount: row["redirect_count"],
            baselineAt: date(row["baseline_at"]))
    }

    static func items(_ query: ItemQuery, in db: Database) throws -> [StoredItem] {
        var conditions = ["item.seq > ?"]
        var arguments: StatementArguments = [query.after]
        if !query.includeUpdates {
            conditions.append("COALESCE(item.origin_seq, item.seq) > ?")
            _ = arguments.append(contentsOf: [query.after])
        }
        if let url = query.feedURL {
            conditions.append("feed.id = (\(resolveID))")
            _ = arguments.append(contentsOf: [url, url])
        }
        if let since = query.firstSeenSince {
            conditions.append("item.first_seen_at >= ?")
            _ = arguments.append(contentsOf: [since.timeIntervalSince1970])
        }
        // LIMIT -1 is SQLite's "no limit".
        _ = arguments.append(contentsOf: [query.limit.map { max($0, 0) } ?? -1])
        // Feed URL and title by feed id, read once per page: a dump reads tens of thousands of rows of a few
        // hundred feeds, and making both strings again for every row was a good part of its time.
        var feeds: [Int64: (url: String, title: String?)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, url, COALESCE(user_title, feed_title) FROM feed") {
            feeds[row[0]] = (row[1], row[2])
        }
        // Columns by position on a cursor over the live statement: no row copies, no look-up of names.
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT item.seq, item.feed_id, item.key, item.first_seen_at, item.json, item.origin_seq,
                        item.revision, item.updated_at, COALESCE(item.story_id, item.origin_seq, item.seq)
                    FROM item JOIN feed ON feed.id = item.feed_id
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY item.seq LIMIT ?
                    """),
            arguments: arguments)
        let decoder = JSONDecoder()
        var items: [StoredItem] = []
        while let row = try rows.next() {
            let seq: Int64 = row[0]
            let json = try row.withUnsafeData(atIndex: 4) { data in data.map { [UInt8]($0) } ?? [] }
            var item = Item()
            if !query.rawJSON {
                do {
                    item = try decoder.decode(Item.self, from: Data(json))
                } catch {
                    throw FeedStorageError.corruptItem(seq: seq, cause: "\(error)")
                }
            }
            let feed = feeds[row[1]] ?? (url: "", title: nil)
            var stored = StoredItem(
                seq: seq, feedURL: feed.url, feedTitle: feed.title, key: row[2],
                firstSeenAt: Date(timeIntervalSince1970: row[3]), item: item, originSeq: row[5], revision: row[6],
                updatedAt: date(row[7]), storyID: row[8])
            if query.rawJSON { stored.json = json }
            items.append(stored)
        }
        return items
    }

    static func cursor(of consumer: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT last_seq FROM consumer WHERE name = ?", arguments: [consumer]) ?? 0
    }

    /// Compare-and-set inside the caller's IMMEDIATE transaction: no other connection, in this process or
    /// another, can write between the read and the write, so of two dumps that read the same cursor only the
    /// first to commit moves it.
    static func advanceCursor(of consumer: String, from expected: Int64, to seq: Int64, in db: Database) throws -> Bool
    {
        guard try cursor(of: consumer, in: db) == expected else { return false }
        try db.execute(
            sql: """
                INSERT INTO consumer (name, last_seq) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET last_seq = excluded.last_seq
                """,
            arguments: [consumer, seq])
        return true
    }

    private static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }
}
