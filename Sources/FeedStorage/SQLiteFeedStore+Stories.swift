import FeedModel
import Foundation
import GRDB

/// What story assignment needs of a new item, computed outside the write transaction.
struct StoryFeatures: Sendable {
    /// ``CanonicalURL`` of the item, if it has an http(s) one.
    var canonicalURL: String?
    /// The text signature; its `minHashes` are empty when the item is too short to compare.
    var text: StoryText
    /// When the story happened: the item's publication date, else when feedd first saw it (seconds since 1970).
    var time: Double

    init(_ item: Item, polledAt: Date) {
        canonicalURL = CanonicalURL.of(item)
        text = StoryText(item)
        // A date in the future (a feed's clock or time zone is wrong) counts as now, so it cannot reach forward
        // into stories that have not happened.
        time = min(item.datePublished ?? polledAt, polledAt).timeIntervalSince1970
    }
}

// Cross-feed stories: each new item joins the story of an earlier item with the same canonical URL, else of the
// most similar earlier item of another feed within the window (see StoryMatch), else founds its own story, whose
// id is the item's first seq. The indexes (story_url, story_member, story_band; schema v5) make both look-ups a
// few B-tree probes: no scan over stored items.
extension SQLiteFeedStore {
    /// The story a new item joins, or nil when it founds its own.
    static func story(
        for features: StoryFeatures, feedID: Int64, window: TimeInterval, in db: Database
    ) throws -> Int64? {
        // Cached statements: compiling (and GRDB's authorizer pass over) the same SQL for every item cost more than
        // running it.
        if let url = features.canonicalURL,
            let story = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT story_id FROM story_url WHERE url = ?"), arguments: [url])
        {
            return story
        }
        let keys = features.text.bandKeys
        guard !keys.isEmpty else { return nil }
        // Per band, its 16 most recent members (member is the first seq, so the index (band_key, member) read
        // backwards gives the newest first), then only those of other feeds within the window. The LIMIT bounds the
        // rows read, not the rows kept: a band that boilerplate ("Subscribe to our newsletter…") shares with
        // thousands of items, mostly outside the window, would otherwise be read whole for every new item. One
        // statement for all bands: each statement run costs more in GRDB's bindings than these index probes.
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: bandLookupSQL),
            arguments: StatementArguments(keys) + [feedID, features.time - window, features.time + window])
        var best: (story: Int64, score: Double)?
        for row in rows {
            // The signature alone rules most candidates out; only the rest pay for their word sets.
            let signature: Data = row["signature"]
            guard features.text.similarity(toBlob: signature) >= StoryMatch.minSimilarity else { continue }
            let other = StoryText(blob: signature, titleWords: row["title_words"], entities: row["entities"])
            guard let score = StoryMatch.score(features.text, other) else { continue }
            if score > best?.score ?? 0 { best = (row["story_id"], score) }
        }
        return best?.story
    }

    /// The candidates query of ``story(for:feedID:window:in:)``: the newest members of each of the item's bands.
    private static let bandLookupSQL: String = {
        let perBand = "SELECT * FROM (SELECT member FROM story_band WHERE band_key = ? ORDER BY member DESC LIMIT 16)"
        let bands = Array(repeating: perBand, count: StoryText.bandCount).joined(separator: " UNION ")
        return """
            SELECT m.member, m.story_id, m.title_words, m.entities, m.signature
            FROM (\(bands)) AS b JOIN story_member AS m ON m.member = b.member
            WHERE m.feed_id != ? AND m.story_time BETWEEN ? AND ?
            """
    }()

    /// One multi-row insert of an item's band keys.
    private static let bandInsertSQL =
        "INSERT OR IGNORE INTO story_band (band_key, member) VALUES "
        + Array(repeating: "(?, ?)", count: StoryText.bandCount).joined(separator: ", ")

    /// Indexes a stored item under its story: its canonical URL (the first item with a URL keeps it) and, when it
    /// has a signature, its bands.
    static func index(
        _ features: StoryFeatures, seq: Int64, story: Int64, feedID: Int64, in db: Database
    ) throws {
        if let url = features.canonicalURL {
            try db.cachedStatement(sql: "INSERT INTO story_url (url, story_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [url, story])
        }
        let keys = features.text.bandKeys
        guard !keys.isEmpty else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO story_member (member, feed_id, story_id, story_time, title_words, entities, signature)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            seq, feedID, story, features.time, features.text.titleWords.sorted().joined(separator: " "),
            features.text.entities.sorted().joined(separator: " "), features.text.signatureBlob,
        ])
        try db.cachedStatement(sql: bandInsertSQL).execute(
            arguments: StatementArguments(keys.flatMap { [$0, seq] }))
    }

    /// The items of these stories. A founder has no story_id of its own (its story is its first seq), so it is
    /// found by seq, or by origin_seq once edited; the others by story_id. All three are indexed.
    static func storyMembers(of storyIDs: Set<Int64>, in db: Database) throws -> [StoryMember] {
        guard !storyIDs.isEmpty else { return [] }
        var members: [StoryMember] = []
        // Chunks keep each statement under SQLite's limit on bound parameters.
        let ids = storyIDs.sorted()
        for start in stride(from: 0, to: ids.count, by: 300) {
            let chunk = Array(ids[start..<min(start + 300, ids.count)])
            let list = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(item.story_id, item.origin_seq, item.seq) AS story,
                        COALESCE(item.origin_seq, item.seq) AS origin, feed.url
                    FROM item JOIN feed ON feed.id = item.feed_id
                    WHERE item.story_id IN (\(list)) OR item.seq IN (\(list)) OR item.origin_seq IN (\(list))
                    ORDER BY item.seq
                    """,
                arguments: StatementArguments(chunk + chunk + chunk))
            members += rows.map { StoryMember(storyID: $0["story"], originSeq: $0["origin"], feedURL: $0["url"]) }
        }
        // A founder edited after others joined has seq != story: it matches once, by origin_seq; nothing twice.
        return members.filter { storyIDs.contains($0.storyID) }
    }
}
