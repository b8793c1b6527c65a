import FeedModel
import Foundation
import GRDB

// Reads, and the consumer cursors.
extension SQLiteFeedStore {
    public func feeds(named urls: Set<String>) async throws -> [FeedRecord] {
        try await read("read \(urls.count) feeds") { db in try Self.feeds(named: urls, in: db) }
    }

    /// The feed columns a ``FeedRecord`` is built from, in the order ``record(_:_:)`` reads them by position; the
    /// title is the user's, else the feed's own.
    private static let feedColumns = """
        url, COALESCE(user_title, feed_title) AS title, tags, etag, last_modified, last_polled_at, last_outcome,
        last_status, last_error, consecutive_failures, next_due_at, item_count, body_hash, current_interval,
        interval_reason, retry_after_until, gone, polling_hints, redirect_target, redirect_count, baseline_at,
        (SELECT json_group_array(url) FROM feed_alias WHERE feed_id = feed.id) AS aliases
        """

    static func feeds(in db: Database) throws -> [FeedRecord] {
        var texts = RecordTexts()
        // A cursor over the live statement: each row is read in place instead of copied first.
        let rows = try Row.fetchCursor(db, sql: "SELECT \(feedColumns) FROM feed ORDER BY url")
        var feeds: [FeedRecord] = []
        while let row = try rows.next() { feeds.append(record(row, &texts)) }
        return feeds
    }

    /// The feeds ``FeedStore/feeds(named:)`` describes: each URL looked up in the url and alias indexes.
    static func feeds(named urls: Set<String>, in db: Database) throws -> [FeedRecord] {
        guard !urls.isEmpty else { return [] }
        let marks = databaseQuestionMarks(count: urls.count)
        let list = Array(urls)
        var texts = RecordTexts()
        return try Row.fetchAll(
            db,
            sql: """
                SELECT \(feedColumns) FROM feed
                WHERE url IN (\(marks)) OR id IN (SELECT feed_id FROM feed_alias WHERE url IN (\(marks)))
                ORDER BY url
                """, arguments: StatementArguments(list + list)
        ).map { record($0, &texts) }
    }

    /// The feed at `url`, or the one that moved away from it (an alias).
    static func feed(url: String, in db: Database) throws -> FeedRecord? {
        var texts = RecordTexts()
        return try Row.fetchOne(
            db, sql: "SELECT \(feedColumns) FROM feed WHERE id = (\(resolveID))", arguments: [url, url]
        ).map { record($0, &texts) }
    }

    /// SQL for the id of the feed at a URL or aliased by it; takes the URL twice.
    static let resolveID = """
        SELECT id FROM feed WHERE url = ? UNION ALL SELECT feed_id FROM feed_alias WHERE url = ? LIMIT 1
        """

    /// When each item of the feed that feedd saw first since `since` was first seen, oldest first; the items of
    /// the feed's first stored document are left out (all "new" at once, they say nothing of its rate).
    static func newItemTimes(of feedID: Int64, since: Date, in db: Database) throws -> [Date] {
        // Every poll asks: a cached statement, answered from the index on (feed_id, first_seen_at) alone.
        try Double.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT first_seen_at FROM item
                    WHERE feed_id = ? AND first_seen_at >= ?
                        AND first_seen_at > COALESCE((SELECT baseline_at FROM feed WHERE id = ?), 0)
                    ORDER BY first_seen_at
                    """),
            arguments: [feedID, since.timeIntervalSince1970, feedID]
        ).map(Date.init(timeIntervalSince1970:))
    }

    /// Builds a record from a row of ``feedColumns``, by column position (a look-up by name lower-cases the name
    /// on every call, which showed in `feedd status` over thousands of feeds).
    private static func record(_ row: Row, _ texts: inout RecordTexts) -> FeedRecord {
        FeedRecord(
            url: row[0], title: row[1], tags: texts.list(row[2]),
            validators: HTTPValidators(etag: row[3], lastModified: row[4]),
            lastPolledAt: date(row[5]), lastOutcome: (row[6] as String?).flatMap(PollOutcome.init(rawValue:)),
            lastStatus: row[7], lastError: row[8], consecutiveFailures: row[9], nextDueAt: date(row[10]),
            itemCount: row[11], bodyHash: row[12],
            pollState: PollState(
                interval: (row[13] as Double?).map { .milliseconds(Int64(($0 * 1000).rounded())) },
                reason: (row[14] as String?).flatMap(IntervalReason.init(rawValue:)),
                retryAfterUntil: date(row[15]), gone: row[16] as Bool, hints: texts.hints(row[17])),
            aliases: texts.list(row[21]).sorted(), redirectTarget: row[18], redirectCount: row[19],
            baselineAt: date(row[20]))
    }

    /// The statement of a query's rows (seq, feed_id, key, first_seen_at, json, origin_seq, revision,
    /// updated_at, story, received) with its arguments: the rows after the query's position that its audience is
    /// owed (``DeliveryRule``), with updates only when asked for.
    private static func itemRows(_ query: ItemQuery, in db: Database) throws -> RowCursor {
        let received = DeliveryRule.received(query.audience ?? .replay(after: query.after))
        var conditions = ["item.seq > ?"]
        var arguments = received.arguments
        _ = arguments.append(contentsOf: [query.after])
        if !query.includeUpdates {
            conditions.append("NOT \(received.sql)")
            _ = arguments.append(contentsOf: received.arguments)
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
        // Columns by position on a cursor over the live statement: no row copies, no look-up of names.
        return try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT item.seq, item.feed_id, item.key, item.first_seen_at, item.json, item.origin_seq,
                        item.revision, item.updated_at, COALESCE(item.story_id, item.origin_seq, item.seq),
                        \(received.sql)
                    FROM item JOIN feed ON feed.id = item.feed_id
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY item.seq LIMIT ?
                    """),
            arguments: arguments)
    }

    /// Every feed's URL and title by id: a page of thousands of rows of a few hundred feeds makes both strings
    /// once per feed rather than once per row.
    private static func feedNames(in db: Database) throws -> [Int64: StoredItemPage.Feed] {
        var feeds: [Int64: StoredItemPage.Feed] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, url, COALESCE(user_title, feed_title) FROM feed") {
            feeds[row[0]] = StoredItemPage.Feed(url: row[1], title: row[2])
        }
        return feeds
    }

    static func items(_ query: ItemQuery, in db: Database) throws -> [StoredItem] {
        let feeds = try feedNames(in: db)
        let rows = try itemRows(query, in: db)
        let expander = StoredJSON.Expander(db)
        let decoder = JSONDecoder()
        let empty = Item()
        var items: [StoredItem] = []
        while let row = try rows.next() {
            let seq: Int64 = row[0]
            let json = try row.withUnsafeData(atIndex: 4) { data in
                try data.map { data in
                    guard let text = try data.withUnsafeBytes(expander.text) else {
                        throw FeedStorageError.corruptItem(seq: seq, cause: "its compressed JSON is damaged")
                    }
                    return text
                }
            }
            var item = empty
            if !query.rawJSON {
                do {
                    item = try decoder.decode(Item.self, from: Data(json ?? []))
                } catch {
                    throw FeedStorageError.corruptItem(seq: seq, cause: "\(error)")
                }
            }
            let feed = feeds[row[1]] ?? StoredItemPage.Feed(url: "", title: nil)
            items.append(
                StoredItem(
                    seq: seq, feedURL: feed.url, feedTitle: feed.title, key: row[2],
                    firstSeenAt: Date(timeIntervalSince1970: row[3]), item: item, originSeq: row[5],
                    revision: row[6], updatedAt: date(row[7]), storyID: row[8],
                    json: query.rawJSON ? json ?? [] : nil, event: row[9] ? .updated : .new))
        }
        return items
    }

    static func itemPage(_ query: ItemQuery, in db: Database) throws -> StoredItemPage {
        // Each feed of the page read once, when its first item comes: a refresh's items are stored together, so a
        // page holds few feeds.
        let feedName = try db.cachedStatement(
            sql: "SELECT url, COALESCE(user_title, feed_title) FROM feed WHERE id = ?")
        var indexes: [Int64: Int] = [:]
        var page = StoredItemPage()
        // Room for a typical page at once (items average ~2 KB): growing a buffer of a megabyte by doubling copies it
        // again and again.
        page.json.reserveCapacity(min(query.limit ?? 1000, 10_000) * 2560)
        let rows = try itemRows(query, in: db)
        let expander = StoredJSON.Expander(db)
        while let row = try rows.next() {
            let feedID: Int64 = row[1]
            var feed = indexes[feedID] ?? -1
            if feed < 0 {
                let name = try Row.fetchOne(feedName, arguments: [feedID])
                page.feeds.append(StoredItemPage.Feed(url: name?[0] ?? "", title: name?[1]))
                feed = page.feeds.count - 1
                indexes[feedID] = feed
            }
            let start = page.json.count
            let seq: Int64 = row[0]
            let whole = try row.withUnsafeData(atIndex: 4) { data in
                try data?.withUnsafeBytes { try expander.expand($0, into: &page.json) } ?? true
            }
            guard whole else { throw FeedStorageError.corruptItem(seq: seq, cause: "its compressed JSON is damaged") }
            page.entries.append(
                StoredItemPage.Entry(
                    seq: seq, feed: feed, firstSeenAt: row[3], originSeq: row[5] ?? seq, revision: row[6],
                    updatedAt: row[7], storyID: row[8], json: start..<page.json.count,
                    event: row[9] ? .updated : .new))
        }
        return page
    }

    /// Where the consumer's cursor stands; 0 for a consumer that was never started.
    static func cursor(of consumer: String, in db: Database) throws -> Int64 {
        try existingCursor(of: consumer, in: db) ?? 0
    }

    /// Where the consumer's cursor stands, or nil when there is no such consumer.
    static func existingCursor(of consumer: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT last_seq FROM consumer WHERE name = ?", arguments: [consumer])
    }

    /// Compare-and-set inside the caller's IMMEDIATE transaction: no other connection, in this process or
    /// another, can write between the read and the write, so of two advances that read the same cursor only the
    /// first to commit moves it. The receipts of items the reader saw (in its snapshot, newest seq `highWater`)
    /// and an edit has moved since commit with the move (``DeliveryRule``).
    static func advanceCursor(
        of consumer: String, from expected: Int64, to seq: Int64, highWater: Int64, in db: Database
    ) throws -> Bool {
        guard try cursor(of: consumer, in: db) == expected else { return false }
        try DeliveryRule.recordAdvance(of: consumer, from: expected, to: seq, highWater: highWater, in: db)
        try db.execute(
            sql: """
                INSERT INTO consumer (name, last_seq) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET last_seq = excluded.last_seq
                """,
            arguments: [consumer, seq])
        try db.execute(sql: "DELETE FROM peek WHERE consumer = ?", arguments: [consumer])
        return true
    }

    static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }
}
