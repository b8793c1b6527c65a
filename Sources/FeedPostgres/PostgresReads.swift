import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

/// The reads a store and its snapshots share, on whatever connection (and so transaction) they are given.
enum PostgresReads {
    /// SQL (a boolean) for "the audience has received a version of the row `item` before" (``DeliveryRule``), the
    /// audience's one value bound as `$parameter`.
    static func received(_ audience: ItemAudience, parameter: Int, binds: inout PostgresBindings) -> String {
        switch audience {
        case .consumer(let name): binds.append(name)
        case .replay(let after): binds.append(after)
        }
        return DeliveryRule.receivedCondition(audience, parameter: "$\(parameter)")
    }

    static func items(_ query: ItemQuery, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> [StoredItem]
    {
        var binds = PostgresBindings()
        let received = received(query.audience ?? .replay(after: query.after), parameter: 1, binds: &binds)
        binds.append(query.after)
        var conditions = ["item.seq > $2"]
        if !query.includeUpdates { conditions.append("NOT \(received)") }
        if let url = query.feedURL {
            binds.append(url)
            let parameter = binds.count
            conditions.append(
                """
                feed.id = (SELECT id FROM feed WHERE url = $\(parameter)
                    UNION ALL SELECT feed_id FROM feed_alias WHERE url = $\(parameter) LIMIT 1)
                """)
        }
        if let since = query.firstSeenSince {
            binds.append(since.timeIntervalSince1970)
            conditions.append("item.first_seen_at >= $\(binds.count)")
        }
        var limit = ""
        if let count = query.limit {
            binds.append(Int64(max(count, 0)))
            limit = "LIMIT $\(binds.count)"
        }
        let sql = """
            SELECT item.seq, feed.url, COALESCE(feed.user_title, feed.feed_title), item.key, item.first_seen_at,
                item.json, item.origin_seq, item.revision, item.updated_at,
                COALESCE(item.story_id, item.origin_seq, item.seq), \(received)
            FROM item JOIN feed ON feed.id = item.feed_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY item.seq \(limit)
            """
        let expander = StoredJSON.Expander(dictionaries: { _ in nil })
        let decoder = JSONDecoder()
        var items: [StoredItem] = []
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        for try await (seq, feedURL, feedTitle, key, firstSeen, stored, origin, revision, updatedAt, story, had)
            in rows.decode(
                (Int64, String, String?, String, Double, Data, Int64?, Int64, Double?, Int64, Bool).self)
        {
            guard let json = try stored.withUnsafeBytes(expander.text) else {
                throw FeedStorageError.corruptItem(seq: seq, cause: "its compressed JSON is damaged")
            }
            var item = Item()
            if !query.rawJSON {
                do {
                    item = try decoder.decode(Item.self, from: Data(json))
                } catch {
                    throw FeedStorageError.corruptItem(seq: seq, cause: "\(error)")
                }
            }
            items.append(
                StoredItem(
                    seq: seq, feedURL: feedURL, feedTitle: feedTitle, key: key,
                    firstSeenAt: Date(timeIntervalSince1970: firstSeen), item: item, originSeq: origin,
                    revision: Int(revision), updatedAt: date(updatedAt), storyID: story,
                    json: query.rawJSON ? json : nil, event: had ? .updated : .new))
        }
        return items
    }

    /// The items of these stories, in seq order (as SQLiteFeedStore.storyMembers).
    static func storyMembers(
        of storyIDs: Set<Int64>, for audience: ItemAudience, cursor: Int64, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws -> [StoryMember] {
        guard !storyIDs.isEmpty else { return [] }
        var binds = PostgresBindings()
        let received = received(audience, parameter: 1, binds: &binds)
        binds.append(cursor)
        binds.append(Array(storyIDs))
        let sql = """
            SELECT COALESCE(item.story_id, item.origin_seq, item.seq), COALESCE(item.origin_seq, item.seq), feed.url,
                (item.seq <= $2 OR \(received))
            FROM item JOIN feed ON feed.id = item.feed_id
            WHERE item.story_id = ANY($3) OR item.seq = ANY($3) OR item.origin_seq = ANY($3)
            ORDER BY item.seq
            """
        return try await connection.all(
            PostgresQuery(unsafeSQL: sql, binds: binds), as: (Int64, Int64, String, Bool).self, logger: logger
        ).compactMap { story, origin, url, had in
            // A founder edited after others joined matches once, by origin_seq; nothing twice.
            storyIDs.contains(story) ? StoryMember(storyID: story, originSeq: origin, feedURL: url, received: had) : nil
        }
    }

    /// Where the consumer's cursor stands, nil when there is no such consumer.
    static func existingCursor(of consumer: String, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> Int64?
    {
        try await connection.first(
            "SELECT last_seq FROM consumer WHERE name = \(consumer)", as: Int64.self, logger: logger)
    }

    /// The newest seq ever handed out (0 for a store that never held an item).
    static func highWater(_ connection: PostgresConnection, _ logger: Logger) async throws -> Int64 {
        try await connection.first("SELECT last_seq FROM sequencer WHERE id = 1", as: Int64.self, logger: logger) ?? 0
    }

    /// How many stored items after `cursor` the consumer is owed as new.
    static func owed(
        to consumer: String, after cursor: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Int {
        var binds = PostgresBindings()
        let received = received(.consumer(consumer), parameter: 1, binds: &binds)
        binds.append(cursor)
        let count = try await connection.first(
            PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM item WHERE seq > $2 AND NOT \(received)", binds: binds),
            as: Int64.self, logger: logger)
        return Int(count ?? 0)
    }
}
