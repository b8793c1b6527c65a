import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

/// A refresh's rows ready to be written, decided by reads alone (before the sequencer): which prepared rows take a
/// seq (the new items, and the edits whose stored row still has other content) and the story each new one joins.
struct StagedRows {
    /// The rows that take a seq, in order.
    var taking: [PreparedItems.Row]
    /// Each edit's stored row: its seq and first seq.
    var editTargets: [String: (seq: Int64, origin: Int64)]
    /// Each row's story (``StoryChoice/founds`` for edits, which keep theirs).
    var choices: [StoryChoice]
    /// The sequencer's last seq before the stories were read: every row up to it was committed and seen.
    var seenSeq: Int64
    /// How many of the new rows' canonical URLs story_url held when the stories were read.
    var seenURLs: Int

    var newItems: Int { taking.count - updatedItems }
    var updatedItems: Int { taking.count { $0.isEdit } }
}

// Storing a refresh's prepared rows: stories decided first (reads), then seqs taken from the sequencer, then the
// rows written in one statement.
extension PostgresFeedStore {
    /// How many rows one multi-row INSERT carries (PostgreSQL takes at most 65,535 parameters per statement).
    static let rowsPerStatement = 1_000

    /// Reads what writing `prepared` needs: the stored rows of its edits (an edit keyed by link may find none: it
    /// is skipped) and the new items' stories.
    func stage(_ prepared: PreparedItems, feedID: Int64, _ connection: PostgresConnection) async throws -> StagedRows {
        let editKeys = prepared.rows.filter(\.isEdit).map(\.key)
        var stored: [String: (seq: Int64, origin: Int64, hash: String)] = [:]
        if !editKeys.isEmpty {
            for (key, seq, origin, hash) in try await connection.all(
                """
                SELECT key, seq, COALESCE(origin_seq, seq), content_hash FROM item
                WHERE feed_id = \(feedID) AND key = ANY(\(editKeys))
                """, as: (String, Int64, Int64, String).self, logger: logger)
            {
                stored[key] = (seq, origin, hash)
            }
        }
        let taking = prepared.rows.filter { row in
            guard row.isEdit else { return true }
            guard let target = stored[row.key] else { return false }
            return target.hash != row.contentHash
        }
        // Read first: the sequencer's committed value covers only transactions that have ended (each holds its row
        // from taking seqs to its commit), so the story reads below see every member up to it.
        let seen = try await connection.first(
            "SELECT last_seq FROM sequencer WHERE id = 1", as: Int64.self, logger: logger)
        let stories = try await storyChoices(for: taking, feedID: feedID, connection)
        return StagedRows(
            taking: taking, editTargets: stored.mapValues { ($0.seq, $0.origin) }, choices: stories.choices,
            seenSeq: seen ?? 0, seenURLs: stories.storedURLs)
    }

    /// Whether a commit that ended after `staged`'s story reads may change its stories: it stored a member sharing
    /// a band key with a new row (of another feed), or a row for one of their canonical URLs. Two index probes, so
    /// that the stories are read again under the sequencer only when a copy of the same article may have come in.
    func storiesMayHaveChanged(_ staged: StagedRows, feedID: Int64, _ connection: PostgresConnection) async throws
        -> Bool
    {
        let keys = Array(Set(staged.taking.flatMap { $0.isEdit ? [] : $0.story?.text.bandKeys ?? [] }))
        if !keys.isEmpty {
            let shared = try await connection.first(
                """
                SELECT EXISTS (SELECT 1 FROM story_band
                    WHERE band_key = ANY(\(keys)) AND member > \(staged.seenSeq) AND feed_id <> \(feedID))
                """, as: Bool.self, logger: logger)
            if shared ?? true { return true }
        }
        return try await storedURLCount(of: staged.taking, connection) != staged.seenURLs
    }

    /// How many of the new rows' canonical URLs story_url holds.
    private func storedURLCount(of rows: [PreparedItems.Row], _ connection: PostgresConnection) async throws -> Int {
        let urls = Array(Set(rows.compactMap { $0.isEdit ? nil : $0.story?.canonicalURL }))
        guard !urls.isEmpty else { return 0 }
        let count = try await connection.first(
            "SELECT COUNT(*) FROM story_url WHERE url = ANY(\(urls))", as: Int64.self, logger: logger)
        return Int(count ?? 0)
    }

    /// Writes the staged rows in order, each taking the next seq (as SQLite's AUTOINCREMENT would: an edit moves its
    /// item to a new seq, a new item takes one). The sequencer is taken here, last: from here to the commit, other
    /// committers wait (see PostgresFeedStore), so this holds only the writes that need a seq.
    func write(_ staged: StagedRows, feedID: Int64, polledAt: Double, _ connection: PostgresConnection) async throws {
        let taking = staged.taking
        guard !taking.isEmpty else { return }
        guard
            let last = try await connection.first(
                "UPDATE sequencer SET last_seq = last_seq + \(Int64(taking.count)) WHERE id = 1 RETURNING last_seq",
                as: Int64.self, logger: logger)
        else { throw PostgresStoreError("the sequencer row is missing") }
        let first = last - Int64(taking.count) + 1
        // Another commit ended between the story reads and the sequencer: a copy of the same article among its
        // items would have been missed, and both would found a story. If it may have brought one, read the stories
        // again, now that every earlier commit is visible and no later one can end before this one.
        var choices = staged.choices
        if first - 1 > staged.seenSeq, taking.contains(where: { !$0.isEdit && $0.story != nil }),
            try await storiesMayHaveChanged(staged, feedID: feedID, connection)
        {
            choices = try await storyChoices(for: taking, feedID: feedID, connection).choices
        }
        var inserts: [(seq: Int64, row: PreparedItems.Row, story: Int64?)] = []
        var edits: [(row: PreparedItems.Row, oldSeq: Int64, origin: Int64, seq: Int64)] = []
        var stories: [Int64] = []
        for (offset, row) in taking.enumerated() {
            let seq = first + Int64(offset)
            if row.isEdit, let target = staged.editTargets[row.key] {
                edits.append((row, target.seq, target.origin, seq))
                stories.append(0)
                continue
            }
            let story: Int64? =
                switch choices[offset] {
                case .joins(let id): id
                case .sameAs(let index): stories[index]
                case .founds: nil
                }
            stories.append(story ?? seq)
            inserts.append((seq, row, story))
        }
        for start in stride(from: 0, to: edits.count, by: Self.rowsPerStatement) {
            let chunk = edits[start..<min(start + Self.rowsPerStatement, edits.count)]
            let moved = try await connection.all(try editing(chunk, at: polledAt), as: Int64.self, logger: logger)
            guard moved.count == chunk.count else {
                throw PostgresStoreError("\(chunk.count - moved.count) edited items of the feed were no longer stored")
            }
        }
        for start in stride(from: 0, to: inserts.count, by: Self.rowsPerStatement) {
            let chunk = inserts[start..<min(start + Self.rowsPerStatement, inserts.count)]
            let written = try await connection.all(
                try insertion(chunk, feedID: feedID, polledAt: polledAt), as: Int64.self, logger: logger)
            // The feed's row is locked and its keys were read in this transaction: no key can be taken meanwhile.
            guard written.count == chunk.count else {
                throw PostgresStoreError("\(chunk.count - written.count) new items of the feed were already stored")
            }
        }
    }

    /// One statement that inserts new items and indexes them under their stories: canonical URL (the first row
    /// with a URL keeps it), member row and band keys; it returns the items' seqs.
    private func insertion(
        _ rows: ArraySlice<(seq: Int64, row: PreparedItems.Row, story: Int64?)>, feedID: Int64, polledAt: Double
    ) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: rows.count * 16 + 5)
        for (seq, row, story) in rows {
            binds.append(seq)
            binds.append(feedID)
            binds.append(row.key)
            binds.append(row.url)
            binds.append(row.datePublished?.timeIntervalSince1970)
            binds.append(polledAt)
            binds.append(row.contentHash)
            try binds.append(row.json)
            binds.append(story)
        }
        var sql = """
            WITH item_rows AS (
                INSERT INTO item (seq, feed_id, key, url, date_published, first_seen_at, content_hash, json, story_id)
                VALUES \(Self.values(rows: rows.count, columns: 9))
                ON CONFLICT (feed_id, key) DO NOTHING RETURNING seq
            )
            """
        var urls: [String] = []
        var urlStories: [Int64] = []
        var members = 0
        var bands: (keys: [Int64], members: [Int64], times: [Double]) = ([], [], [])
        let firstMember = binds.count
        for (seq, row, story) in rows {
            guard let features = row.story else { continue }
            if let url = features.canonicalURL {
                urls.append(url)
                urlStories.append(story ?? seq)
            }
            guard features.text.minHashes.count == StoryText.hashCount else { continue }
            members += 1
            binds.append(seq)
            binds.append(feedID)
            binds.append(story ?? seq)
            binds.append(features.time)
            binds.append(features.text.titleWords.sorted().joined(separator: " "))
            binds.append(features.text.entities.sorted().joined(separator: " "))
            try binds.append(features.text.signatureBlob)
            for key in features.text.bandKeys {
                bands.keys.append(key)
                bands.members.append(seq)
                bands.times.append(features.time)
            }
        }
        if members > 0 {
            let values = Self.values(rows: members, columns: 7, from: firstMember)
            binds.append(bands.keys)
            binds.append(bands.members)
            binds.append(bands.times)
            let band = binds.count - 2
            sql += """
                , member_rows AS (
                    INSERT INTO story_member (member, feed_id, story_id, story_time, title_words, entities, signature)
                    VALUES \(values)
                ), band_rows AS (
                    INSERT INTO story_band (band_key, member, feed_id, story_time)
                    SELECT k, m, \(feedID), t FROM unnest($\(band), $\(band + 1), $\(band + 2)) AS v(k, m, t)
                    ON CONFLICT DO NOTHING
                )
                """
        }
        if !urls.isEmpty {
            binds.append(urls)
            binds.append(urlStories)
            let url = binds.count - 1
            // In row order, so that the first row with a URL keeps it.
            sql += """
                , url_rows AS (
                    INSERT INTO story_url (url, story_id)
                    SELECT url, story_id FROM unnest($\(url), $\(url + 1)) WITH ORDINALITY AS v(url, story_id, n)
                    ORDER BY n
                    ON CONFLICT DO NOTHING
                )
                """
        }
        return PostgresQuery(unsafeSQL: sql + " SELECT seq FROM item_rows", binds: binds)
    }

    /// One statement that moves edited items to their new seqs with their new content, and records each move and
    /// the receipts of consumers that had passed the old seq (the delivery rule's edit, as
    /// DeliveryRule.recordEdit); it returns the old seqs moved. The new seqs are above every stored one, so the
    /// moves cannot collide.
    private func editing(
        _ edits: ArraySlice<(row: PreparedItems.Row, oldSeq: Int64, origin: Int64, seq: Int64)>, at time: Double
    ) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: edits.count * 7 + 4)
        var values: [String] = []
        for (row, oldSeq, origin, seq) in edits {
            let base = binds.count
            binds.append(oldSeq)
            binds.append(seq)
            binds.append(origin)
            binds.append(row.url)
            binds.append(row.datePublished?.timeIntervalSince1970)
            binds.append(row.contentHash)
            try binds.append(row.json)
            // Typed, as VALUES gives NULL no type of its own.
            let types = ["bigint", "bigint", "bigint", "text", "double precision", "text", "bytea"]
            values.append("(" + types.enumerated().map { "$\(base + $0 + 1)::\($1)" }.joined(separator: ", ") + ")")
        }
        binds.append(time)
        binds.append(edits.map(\.oldSeq))
        binds.append(edits.map(\.seq))
        binds.append(edits.map(\.origin))
        let last = binds.count
        return PostgresQuery(
            unsafeSQL: """
                WITH moved AS (
                    UPDATE item SET seq = v.seq, origin_seq = v.origin, revision = revision + 1, updated_at = $\(last - 3),
                        url = v.url, date_published = v.date_published, content_hash = v.content_hash, json = v.json
                    FROM (VALUES \(values.joined(separator: ", ")))
                        AS v(old_seq, seq, origin, url, date_published, content_hash, json)
                    WHERE item.seq = v.old_seq RETURNING v.old_seq
                ), moves AS (
                    INSERT INTO item_move (old_seq, new_seq, origin)
                    SELECT * FROM unnest($\(last - 2)::bigint[], $\(last - 1)::bigint[], $\(last)::bigint[])
                ), receipts AS (
                    INSERT INTO receipt (consumer, origin)
                    SELECT consumer.name, v.origin FROM unnest($\(last - 2)::bigint[], $\(last)::bigint[]) AS v(old_seq, origin)
                    JOIN consumer ON consumer.last_seq >= v.old_seq
                    ON CONFLICT DO NOTHING
                )
                SELECT old_seq FROM moved
                """, binds: binds)
    }
}
