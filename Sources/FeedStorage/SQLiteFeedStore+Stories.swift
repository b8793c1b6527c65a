import FeedModel
import Foundation
import GRDB

/// What story assignment needs of a new item, computed outside the write transaction.
package struct StoryFeatures: Sendable {
    /// ``CanonicalURL`` of the item, if it has an http(s) one.
    package var canonicalURL: String?
    /// The SQLite store's story_url key of ``canonicalURL`` (``CanonicalURL/hostKey(_:)``, ``CanonicalURL/key(_:)``),
    /// hashed here, on the parsing threads, once for the look-up and the insert on the writer.
    package var urlKey: (host: Int64, url: Int64)?
    /// The text signature; its `minHashes` are empty when the item is too short to compare.
    package var text: StoryText
    /// When the story happened: the item's publication date, else when feedd first saw it (seconds since 1970).
    package var time: Double

    package init(_ item: Item, polledAt: Date) {
        canonicalURL = CanonicalURL.of(item)
        urlKey = canonicalURL.map { (CanonicalURL.hostKey($0), CanonicalURL.key($0)) }
        text = StoryText(item)
        // A date in the future (a feed's clock or time zone is wrong) counts as now, so it cannot reach forward
        // into stories that have not happened.
        time = min(item.datePublished ?? polledAt, polledAt).timeIntervalSince1970
    }
}

// Cross-feed stories: each new item joins the story of an earlier item with the same canonical URL, else of the
// most similar earlier item of another feed within the window (see StoryMatch), else founds its own story, whose
// id is the item's first seq. story_url (a B-tree probe) and the in-memory band index over story_member
// (StoryIndex) make both look-ups cheap: no scan over stored items.
extension SQLiteFeedStore {
    /// The story a new item joins, or nil when it founds its own. `stories` was synced in this transaction.
    static func story(
        for features: StoryFeatures, feedID: Int64, stories: StoryIndex, in db: Database
    ) throws -> Int64? {
        // Cached statements: compiling (and GRDB's authorizer pass over) the same SQL for every item cost more than
        // running it. Host key 0 holds the rows written before keys had a host part.
        if let key = features.urlKey,
            let story = try Int64.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT story_id FROM story_url WHERE host_key IN (?, 0) AND url_key = ?
                        ORDER BY host_key DESC LIMIT 1
                        """),
                arguments: [key.host, key.url])
        {
            return story
        }
        // The signature alone rules most candidates out; only the rest pay for their word sets. The most similar
        // earlier item that passes StoryMatch wins (the oldest of equals): candidates are tried in that order, so
        // the first that passes is the answer and the rest are never compared.
        let candidates = StoryMatch.ranked(
            try stories.candidates(for: features.text, feedID: feedID, time: features.time, in: db))
        for candidate in candidates {
            // A member the index holds but the table no longer has was removed with its item (retention).
            guard let fields = try db.storyMatchFields(of: candidate.member) else { continue }
            let match = StoryMatch.score(
                features.text, similarity: candidate.similarity, titleWords: fields.titleWords,
                entities: fields.entities)
            if match != nil { return fields.storyID }
        }
        return nil
    }

    /// Indexes a stored item under its story: its canonical URL (the first item with a URL keeps it) and, when it
    /// has a signature, its member row (which the band index reads at its next sync).
    static func index(
        _ features: StoryFeatures, seq: Int64, story: Int64, feedID: Int64, in db: Database
    ) throws {
        if let key = features.urlKey {
            try db.cachedStatement(
                sql: "INSERT INTO story_url (host_key, url_key, story_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
            )
            .execute(arguments: [key.host, key.url, story])
        }
        guard features.text.minHashes.count == StoryText.hashCount else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO story_member (member, feed_id, story_id, story_time, title_words, entities, signature)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            seq, feedID, story, features.time, features.text.titleWords.sorted().joined(separator: " "),
            features.text.entities.sorted().joined(separator: " "), features.text.signatureBlob,
        ])
    }

    /// Forgets items about to be removed in the story indexes: each one's member row and the row of its
    /// canonical URL when that row names its story, so that a removed item draws no new item into its story, by
    /// its text or by its link. The story lives on through its remaining items: a new copy of the article still
    /// joins it when its text matches one of them. Call before deleting the items (their JSON gives the URL).
    static func pruneStories(of removed: [(seq: Int64, firstSeq: Int64, story: Int64)], in db: Database) throws {
        let member = try db.cachedStatement(sql: "DELETE FROM story_member WHERE member = ?")
        let json = try db.cachedStatement(sql: "SELECT json FROM item WHERE seq = ?")
        let url = try db.cachedStatement(
            sql: "DELETE FROM story_url WHERE host_key IN (?, 0) AND url_key = ? AND story_id = ?")
        let decoder = JSONDecoder()
        let expander = StoredJSON.Expander(db)
        for item in removed {
            try member.execute(arguments: [item.firstSeq])
            // A damaged item has no URL to forget; its removal goes on.
            guard let row = try Data.fetchOne(json, arguments: [item.seq]),
                let text = try row.withUnsafeBytes(expander.text),
                let stored = try? decoder.decode(Item.self, from: Data(text)),
                let canonical = CanonicalURL.of(stored)
            else { continue }
            try url.execute(arguments: [CanonicalURL.hostKey(canonical), CanonicalURL.key(canonical), item.story])
        }
    }

    /// The items of these stories. A founder has no story_id of its own (its story is its first seq), so it is
    /// found by seq, or by origin_seq once edited; the others by story_id. All three are indexed.
    static func storyMembers(
        of storyIDs: Set<Int64>, for audience: ItemAudience, cursor: Int64, in db: Database
    ) throws -> [StoryMember] {
        guard !storyIDs.isEmpty else { return [] }
        var members: [StoryMember] = []
        let received = DeliveryRule.received(audience)
        // Chunks keep each statement under SQLite's limit on bound parameters.
        let ids = storyIDs.sorted()
        for start in stride(from: 0, to: ids.count, by: 300) {
            let chunk = Array(ids[start..<min(start + 300, ids.count)])
            let list = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            var arguments: StatementArguments = [cursor]
            _ = arguments.append(contentsOf: received.arguments)
            _ = arguments.append(contentsOf: StatementArguments(chunk + chunk + chunk))
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(item.story_id, item.origin_seq, item.seq) AS story,
                        COALESCE(item.origin_seq, item.seq) AS origin, feed.url,
                        (item.seq <= ? OR \(received.sql)) AS received
                    FROM item JOIN feed ON feed.id = item.feed_id
                    WHERE item.story_id IN (\(list)) OR item.seq IN (\(list)) OR item.origin_seq IN (\(list))
                    ORDER BY item.seq
                    """,
                arguments: arguments)
            members += rows.map {
                StoryMember(
                    storyID: $0["story"], originSeq: $0["origin"], feedURL: $0["url"], received: $0["received"])
            }
        }
        // A founder edited after others joined has seq != story: it matches once, by origin_seq; nothing twice.
        return members.filter { storyIDs.contains($0.storyID) }
    }
}

/// The story index reads `story_member` through the write transaction's connection: by its primary key and by its
/// day index, with cached statements (compiling the same SQL per look-up cost more than running it).
extension Database: StoryMemberSource {
    func lastStoryMember() throws -> Int64 {
        try Int64.fetchOne(self, sql: "SELECT MAX(member) FROM story_member") ?? 0
    }

    func forEachStoryMember(after member: Int64, _ body: (StoryMemberRow) throws -> Void) throws {
        try Self.forEach(
            try Row.fetchCursor(
                cachedStatement(
                    sql: """
                        SELECT member, feed_id, story_time, signature FROM story_member WHERE member > ?
                        ORDER BY member
                        """),
                arguments: [member]),
            body)
    }

    func forEachStoryMember(
        timesFrom lower: Double, to upper: Double, upTo last: Int64, _ body: (StoryMemberRow) throws -> Void
    ) throws {
        try Self.forEach(
            try Row.fetchCursor(
                cachedStatement(
                    sql: """
                        SELECT member, feed_id, story_time, signature FROM story_member INDEXED BY story_member_day
                        WHERE CAST(story_time / 86400 AS INTEGER) BETWEEN ? AND ?
                            AND story_time >= ? AND story_time < ? AND member <= ? ORDER BY member
                        """),
                arguments: [StoryMemberDay.of(lower), StoryMemberDay.of(upper), lower, upper, last]),
            body)
    }

    func storySignatureReader() throws -> (_ member: Int64) throws -> Data? {
        let statement = try cachedStatement(sql: "SELECT signature FROM story_member WHERE member = ?")
        return { member in
            // The one argument is an integer: nothing to validate.
            statement.setUncheckedArguments([member])
            return try Data.fetchOne(statement)
        }
    }

    func storyMatchFields(of member: Int64) throws -> StoryMatchFields? {
        try Row.fetchOne(
            cachedStatement(sql: "SELECT story_id, title_words, entities FROM story_member WHERE member = ?"),
            arguments: [member]
        ).map { StoryMatchFields(storyID: $0[0], titleWords: $0[1], entities: $0[2]) }
    }

    private static func forEach(_ rows: RowCursor, _ body: (StoryMemberRow) throws -> Void) throws {
        while let row = try rows.next() {
            try body(StoryMemberRow(member: row[0], feedID: row[1], time: row[2], signature: row[3]))
        }
    }
}

/// The day a story time falls on as story_member's day index computes it (`CAST(story_time / 86400 AS INTEGER)`:
/// truncated toward zero, saturated at the ends), so that a range of times maps to a range of days that holds it.
enum StoryMemberDay {
    static func of(_ time: Double) -> Int64 {
        let days = (time / 86_400).rounded(.towardZero)
        guard days.isFinite else { return days > 0 ? .max : .min }
        return days >= 9.2e18 ? .max : days <= -9.2e18 ? .min : Int64(days)
    }
}
