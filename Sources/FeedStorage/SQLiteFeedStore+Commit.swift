import FeedModel
import Foundation
import GRDB

// Writes: subscriptions and refreshes. Each function runs inside the one transaction `write` opened.
extension SQLiteFeedStore {
    static func commit(
        _ refresh: FeedRefresh, prepared: PreparedItems?, stories: inout StoryIndex, in db: Database
    ) throws -> RefreshSummary {
        stories.noteCommit()
        let feedID = try feedID(for: refresh.feedURL, in: db)
        // Read before this refresh's items are written: the plan counts those from the summary.
        let earlierNewItemTimes = try refresh.newItemTimesSince.map { try newItemTimes(of: feedID, since: $0, in: db) }
        var summary = RefreshSummary(newItems: 0, knownItems: 0)
        let outcome: PollOutcome =
            switch refresh.result {
            case .updated: .updated
            case .notModified: .notModified
            case .failed: .failed
            }
        // Every outcome records the poll itself (these three values, last).
        let polled: [(any DatabaseValueConvertible)?] = [
            refresh.polledAt.timeIntervalSince1970, outcome.rawValue, refresh.httpStatus,
        ]
        // The outcome's columns: a 304's and a failure's go into the one UPDATE below that also records the
        // validators and the plan; a new document's first, since its items and retention change the row between.
        var outcomeColumns: (sql: String, arguments: [(any DatabaseValueConvertible)?])
        switch refresh.result {
        case .updated(let feed, let bodyHash):
            let rows = try prepared ?? prepare(distinctItems(of: feed), skipping: [:], refresh: refresh, storyWindow: 0)
            summary = try insertItems(rows, feedID: feedID, refresh: refresh, stories: &stories, in: db)
            try clearTombstones(of: feedID, notIn: rows.documentKeys, in: db)
            try db.cachedStatement(
                sql: """
                    UPDATE feed SET
                        feed_title = COALESCE(?, feed_title), home_page_url = COALESCE(?, home_page_url),
                        body_hash = ?, item_count = item_count + ?, consecutive_failures = 0, last_error = NULL,
                        baseline_at = COALESCE(baseline_at, ?), \(recordPoll) WHERE id = ?
                    """
            ).execute(
                arguments: StatementArguments(
                    [
                        ItemIdentity.nonBlank(feed.title), ItemIdentity.nonBlank(feed.homePageURL), bodyHash,
                        summary.newItems, refresh.polledAt.timeIntervalSince1970,
                    ] + polled + [feedID]))
            summary.removedItems = try prune(feedID, refresh.retention, now: refresh.polledAt, in: db)
            outcomeColumns = ("", [])
        case .notModified:
            summary.removedItems = try prune(feedID, refresh.retention, now: refresh.polledAt, in: db)
            outcomeColumns = ("consecutive_failures = 0, last_error = NULL, \(recordPoll), ", polled)
        case .failed(let message):
            outcomeColumns = (
                "consecutive_failures = consecutive_failures + 1, last_error = ?, \(recordPoll), ", [message] + polled
            )
        }
        summary.earlierNewItemTimes = earlierNewItemTimes ?? []
        let run = try recordPollState(
            of: refresh, outcome: outcome, summary: summary, feedID: feedID, also: outcomeColumns, in: db)
        summary.movedTo = try trackRedirects(of: refresh, feedID: feedID, run: run, in: db)
        return summary
    }

    /// The columns of each outcome's UPDATE that record the poll: when it was polled, how that went.
    private static let recordPoll = "last_polled_at = ?, last_outcome = ?, last_status = ?"

    /// The row id of the feed at `url` or aliased by it, creating the row for a URL not registered (a feed
    /// dropped from the configuration while its poll was in flight still gets its result recorded).
    static func feedID(for url: String, in db: Database) throws -> Int64 {
        // Cached statements here and below: these run on every refresh, and compiling the SQL each time (with
        // GRDB's authorizer pass) cost more than running it.
        if let id = try Int64.fetchOne(db.cachedStatement(sql: resolveID), arguments: [url, url]) { return id }
        try db.execute(sql: "INSERT INTO feed (url) VALUES (?) ON CONFLICT (url) DO NOTHING", arguments: [url])
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM feed WHERE url = ?", arguments: [url]) else {
            throw FeedStorageError.database("find the feed \(url)", cause: "its row vanished after insertion")
        }
        return id
    }

    /// The document's items, each key once.
    ///
    /// A key repeated inside one document is either the same item listed twice (same link and title: the first
    /// occurrence, the one at the top, wins) or a feed that reuses one guid for different items. Merging those
    /// would silently lose an item, so a later one gets a key of its own: the key plus its link, else plus its
    /// occurrence number, which stays the same on the next poll as long as the feed keeps its order.
    package static func distinctItems(of feed: Feed, policy: KeyPolicy = .guid) -> [(key: String, item: Item)] {
        // Positions, not items, in the dictionary: an Item copied in retains every one of its strings.
        var firstByKey: [String: Int] = [:]
        var occurrences: [String: Int] = [:]
        var taken = Set<String>()
        var distinct: [(key: String, item: Item)] = []
        distinct.reserveCapacity(feed.items.count)
        for (position, item) in feed.items.enumerated() {
            var key = policy.key(for: item)
            if let firstPosition = firstByKey[key] {
                let first = feed.items[firstPosition]
                if first.url == item.url && first.title == item.title { continue }
                occurrences[key, default: 1] += 1
                let link = item.url.flatMap { $0 == first.url ? nil : ItemIdentity.normalizedLink($0) }
                key += link.map { "#dup:" + $0 } ?? "#dup:\(occurrences[key]!)"
            } else {
                firstByKey[key] = position
            }
            if taken.insert(key).inserted { distinct.append((key, item)) }
        }
        return distinct
    }

    /// What is stored for the feed at `url`: keys with content hashes (a tombstoned key maps to
    /// ``tombstoneHash``), the key of each stored link, and the feed's key policy.
    static func knownItems(of url: String, in db: Database) throws -> KnownItems {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT key, content_hash, url FROM item WHERE feed_id = (SELECT id FROM feed WHERE url = ?)
                    UNION ALL SELECT key, ?, NULL FROM tombstone WHERE feed_id = (SELECT id FROM feed WHERE url = ?)
                    """),
            arguments: [url, tombstoneHash, url])
        var known = KnownItems()
        for row in rows {
            let key: String = row["key"]
            if known.hashes[key] == nil { known.hashes[key] = row["content_hash"] }
            if let link: String = row["url"] { known.storedLinks.append((link, key)) }
        }
        let policy = try String.fetchOne(
            db.cachedStatement(
                sql: "SELECT policy FROM feed_key_policy WHERE feed_id = (SELECT id FROM feed WHERE url = ?)"),
            arguments: [url])
        known.policy = policy.flatMap(KeyPolicy.init(rawValue:)) ?? .guid
        return known
    }

    /// Marks a removed key: never equal to a real content hash, and never stored again nor edited.
    package static let tombstoneHash = "tombstone"

    /// Removes what `retention` no longer keeps, oldest first, and leaves tombstones; returns how many.
    ///
    /// Items after the lowest consumer cursor are kept whatever their age: removing an item some registered
    /// consumer has not received would break "every item once".
    static func prune(_ feedID: Int64, _ retention: Retention, now: Date, in db: Database) throws -> Int {
        guard retention.maxItems != nil || retention.maxAge != nil else { return 0 }
        // Most polls remove nothing, which the index on (feed_id, first_seen_at) tells without reading item rows.
        if let facts = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*), MIN(first_seen_at) FROM item WHERE feed_id = ?"),
            arguments: [feedID]),
            !retention.removesAny(count: facts[0], oldest: facts[1], now: now.timeIntervalSince1970)
        {
            return 0
        }
        let protectedAfter =
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT MIN(last_seq) FROM consumer")) ?? Int64.max
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT seq, key, first_seen_at, COALESCE(origin_seq, seq) AS first_seq,
                    COALESCE(story_id, origin_seq, seq) AS story
                FROM item WHERE feed_id = ? ORDER BY seq DESC
                """,
            arguments: [feedID])
        let removed = retention.removed(
            rows.map { ($0["seq"], $0["first_seen_at"]) }, protectedAfter: protectedAfter,
            now: now.timeIntervalSince1970)
        let doomed: [(seq: Int64, key: String, firstSeq: Int64, story: Int64)] = removed.map { index in
            (rows[index]["seq"], rows[index]["key"], rows[index]["first_seq"], rows[index]["story"])
        }
        guard !doomed.isEmpty else { return 0 }
        let tombstone = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO tombstone (feed_id, key, removed_at) VALUES (?, ?, ?)")
        let delete = try db.cachedStatement(sql: "DELETE FROM item WHERE seq = ?")
        try pruneStories(of: doomed.map { ($0.seq, $0.firstSeq, $0.story) }, in: db)
        // Only an edited item (first seq not its seq) can have receipts or moves.
        try DeliveryRule.forget(origins: doomed.filter { $0.firstSeq != $0.seq }.map(\.firstSeq), in: db)
        for (seq, key, _, _) in doomed {
            try tombstone.execute(arguments: [feedID, key, now.timeIntervalSince1970])
            try delete.execute(arguments: [seq])
        }
        try db.execute(
            sql: "UPDATE feed SET item_count = item_count - ? WHERE id = ?", arguments: [doomed.count, feedID])
        return doomed.count
    }

    /// Drops the tombstones of keys the feed no longer lists: the item cannot come back from this document.
    static func clearTombstones(of feedID: Int64, notIn keys: Set<String>, in db: Database) throws {
        let stones = try String.fetchAll(
            db.cachedStatement(sql: "SELECT key FROM tombstone WHERE feed_id = ?"), arguments: [feedID])
        let delete = try db.cachedStatement(sql: "DELETE FROM tombstone WHERE feed_id = ? AND key = ?")
        for key in stones where !keys.contains(key) {
            try delete.execute(arguments: [feedID, key])
        }
    }

    /// Encodes the items not in `known`, and the known ones whose content changed, in insertion order.
    ///
    /// Feeds list their newest item first (RSS 2.0 and Atom do not require it, but practice is overwhelmingly
    /// so), and readers expect seq order to be the order items appeared: the rows come in reverse document order
    /// so that the oldest gets the lowest seq.
    package static func prepare(
        _ distinct: [(key: String, item: Item)], skipping known: [String: String], refresh: FeedRefresh,
        storyWindow: TimeInterval, dictionary: StoredJSON.Dictionary? = nil
    ) throws -> PreparedItems {
        var rows: [PreparedItems.Row] = []
        let compressor = StoredJSON.Compressor(dictionary: dictionary)
        for (key, item) in distinct.reversed() {
            let contentHash = ItemIdentity.contentHash(for: item)
            let stored = known[key]
            if stored == contentHash || stored == tombstoneHash { continue }
            let json = Data(compressor.compress(ItemJSON.encode(item)))
            rows.append(
                PreparedItems.Row(
                    key: key, url: item.url, datePublished: item.datePublished, json: json,
                    contentHash: contentHash, isEdit: stored != nil,
                    story: stored == nil ? StoryFeatures(item, polledAt: refresh.polledAt) : nil))
        }
        return PreparedItems(
            distinctCount: distinct.count, documentKeys: Set(distinct.map(\.key)), rows: rows, storyWindow: storyWindow)
    }

    /// Stores the prepared rows whose key is still unknown (another writer may have stored some since they were
    /// prepared: the unique index decides).
    static func insertItems(
        _ prepared: PreparedItems, feedID: Int64, refresh: FeedRefresh, stories: inout StoryIndex, in db: Database
    ) throws -> RefreshSummary {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO item (feed_id, key, url, date_published, first_seen_at, content_hash, json, story_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (feed_id, key) DO NOTHING
                """)
        // The title column (schema v1) stays NULL: nothing reads it, and the JSON holds the title already.
        // An edit moves the item to the end of the delivery order: a new seq from the AUTOINCREMENT sequence
        // (bumped by hand, so no later insert can reuse it), its first seq kept in origin_seq. The content_hash
        // guard skips an edit another writer already stored since this one was prepared.
        let edited = try db.cachedStatement(
            sql: """
                SELECT seq, COALESCE(origin_seq, seq) FROM item
                WHERE feed_id = ? AND key = ? AND content_hash != ?
                """)
        let edit = try db.cachedStatement(
            sql: """
                UPDATE item SET seq = ?, origin_seq = ?, revision = revision + 1, updated_at = ?,
                    url = ?, title = NULL, date_published = ?, content_hash = ?, json = ?
                WHERE seq = ?
                """)
        let bump = try db.cachedStatement(
            sql: "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'item' RETURNING seq")
        var newItems = 0
        var updatedItems = 0
        let storyFeatures = prepared.rows.compactMap(\.story)
        if !storyFeatures.isEmpty {
            try stories.sync(db)
            try stories.cover(storyFeatures.map(\.time), db)
            stories.warm(storyFeatures.map(\.text), at: storyFeatures.map(\.time))
        }
        for row in prepared.rows {
            // Edits first, straight to the UPDATE: an INSERT that hits the unique key would still consume a
            // value of the AUTOINCREMENT sequence and leave a gap in the delivery order.
            if row.isEdit {
                guard let old = try Row.fetchOne(edited, arguments: [feedID, row.key, row.contentHash]),
                    let seq = try Int64.fetchOne(bump)
                else { continue }
                let oldSeq: Int64 = old[0]
                let origin: Int64 = old[1]
                try edit.execute(arguments: [
                    seq, origin, refresh.polledAt.timeIntervalSince1970, row.url,
                    row.datePublished?.timeIntervalSince1970, row.contentHash, row.json, oldSeq,
                ])
                try DeliveryRule.recordEdit(origin: origin, oldSeq: oldSeq, newSeq: seq, in: db)
                updatedItems += 1
                continue
            }
            let story = try row.story.flatMap {
                try Self.story(for: $0, feedID: feedID, stories: stories, in: db)
            }
            try insert.execute(arguments: [
                feedID, row.key, row.url, row.datePublished?.timeIntervalSince1970,
                refresh.polledAt.timeIntervalSince1970, row.contentHash, row.json, story,
            ])
            guard db.changesCount == 1 else { continue }
            newItems += 1
            if let features = row.story {
                let seq = db.lastInsertedRowID
                try Self.index(features, seq: seq, story: story ?? seq, feedID: feedID, in: db)
            }
        }
        return RefreshSummary(
            newItems: newItems, knownItems: prepared.distinctCount - newItems, updatedItems: updatedItems)
    }

    package static func encodeTags(_ tags: [String]) throws -> String {
        String(decoding: try FeedJSON.encoder().encode(tags), as: UTF8.self)
    }
}

/// A refresh's new items, encoded outside the write transaction.
package struct PreparedItems: Sendable {
    package struct Row: Sendable {
        package var key: String
        package var url: String?
        package var datePublished: Date?
        /// The item's JSON as stored (``StoredJSON``).
        package var json: Data
        package var contentHash: String
        /// The key is stored with other content: an edit rather than a new item.
        package var isEdit: Bool
        /// What story assignment needs (new items only: an edited item keeps its story).
        package var story: StoryFeatures?
    }

    /// How many distinct keys the document has.
    package var distinctCount: Int
    /// Those keys.
    package var documentKeys: Set<String>
    /// The rows to insert, in insertion order.
    package var rows: [Row]
    /// How far apart in time two items may be and still be one near-duplicate story (seconds).
    var storyWindow: TimeInterval
    /// Set when this refresh proved GUID churn: the commit switches the feed to links.
    package var churn: GUIDChurn?
}
