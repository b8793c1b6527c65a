import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

// Storing a refresh's prepared rows: stories decided first (reads), then seqs taken from the sequencer, then the
// rows written in one multi-row statement per kind.
extension PostgresFeedStore {
    /// How many rows one multi-row INSERT carries (PostgreSQL takes at most 65,535 parameters per statement).
    static let rowsPerStatement = 1_000

    /// Stores the prepared rows in order, each taking the next seq (as SQLite's AUTOINCREMENT would: an edit
    /// moves its item to a new seq, a new item takes one).
    func insertItems(
        _ prepared: PreparedItems, feedID: Int64, polledAt: Double, _ connection: PostgresConnection
    ) async throws -> RefreshSummary {
        let rows = prepared.rows
        // Edits whose stored row still has other content (an edit keyed by link may find no row: it is skipped).
        let editKeys = rows.filter(\.isEdit).map(\.key)
        var editTargets: [String: (seq: Int64, origin: Int64, hash: String)] = [:]
        if !editKeys.isEmpty {
            for (key, seq, origin, hash) in try await connection.all(
                """
                SELECT key, seq, COALESCE(origin_seq, seq), content_hash FROM item
                WHERE feed_id = \(feedID) AND key = ANY(\(editKeys))
                """, as: (String, Int64, Int64, String).self, logger: logger)
            {
                editTargets[key] = (seq, origin, hash)
            }
        }
        let taking = rows.filter { row in
            guard row.isEdit else { return true }
            guard let target = editTargets[row.key] else { return false }
            return target.hash != row.contentHash
        }
        guard !taking.isEmpty else {
            return RefreshSummary(newItems: 0, knownItems: prepared.distinctCount)
        }
        let choices = try await storyChoices(for: taking, feedID: feedID, connection)
        // The sequencer, last: from here to the commit, other committers wait (see PostgresFeedStore).
        guard
            let last = try await connection.first(
                "UPDATE sequencer SET last_seq = last_seq + \(Int64(taking.count)) WHERE id = 1 RETURNING last_seq",
                as: Int64.self, logger: logger)
        else { throw PostgresStoreError("the sequencer row is missing") }
        let first = last - Int64(taking.count) + 1
        var inserts: [(seq: Int64, row: PreparedItems.Row, story: Int64?)] = []
        var updatedItems = 0
        var stories: [Int64] = []
        for (offset, row) in taking.enumerated() {
            let seq = first + Int64(offset)
            if row.isEdit, let target = editTargets[row.key] {
                try await edit(row, from: target.seq, origin: target.origin, to: seq, at: polledAt, connection)
                updatedItems += 1
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
        let inserted = try await insertRows(inserts, feedID: feedID, polledAt: polledAt, connection)
        try await indexStories(
            inserts.filter { inserted.contains($0.seq) }.map { ($0.seq, $0.row, $0.story ?? $0.seq) },
            feedID: feedID, connection)
        return RefreshSummary(
            newItems: inserted.count, knownItems: prepared.distinctCount - inserted.count,
            updatedItems: updatedItems)
    }

    /// Moves an edited item to `seq` with its new content, and records the move and the receipts of consumers that
    /// had passed the old seq (the delivery rule's edit, as DeliveryRule.recordEdit).
    private func edit(
        _ row: PreparedItems.Row, from oldSeq: Int64, origin: Int64, to seq: Int64, at time: Double,
        _ connection: PostgresConnection
    ) async throws {
        try await connection.run(
            """
            UPDATE item SET seq = \(seq), origin_seq = \(origin), revision = revision + 1, updated_at = \(time),
                url = \(row.url), date_published = \(row.datePublished?.timeIntervalSince1970),
                content_hash = \(row.contentHash), json = \(row.json)
            WHERE seq = \(oldSeq)
            """, logger: logger)
        try await connection.run(
            "INSERT INTO item_move (old_seq, new_seq, origin) VALUES (\(oldSeq), \(seq), \(origin))", logger: logger)
        try await connection.run(
            """
            INSERT INTO receipt (consumer, origin) SELECT name, \(origin) FROM consumer WHERE last_seq >= \(oldSeq)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// Inserts new items, several per statement; returns the seqs stored (a key another writer stored meanwhile
    /// is left alone).
    private func insertRows(
        _ inserts: [(seq: Int64, row: PreparedItems.Row, story: Int64?)], feedID: Int64, polledAt: Double,
        _ connection: PostgresConnection
    ) async throws -> Set<Int64> {
        var stored = Set<Int64>()
        for start in stride(from: 0, to: inserts.count, by: Self.rowsPerStatement) {
            let chunk = inserts[start..<min(start + Self.rowsPerStatement, inserts.count)]
            var binds = PostgresBindings(capacity: chunk.count * 9)
            for (seq, row, story) in chunk {
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
            let query = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO item (seq, feed_id, key, url, date_published, first_seen_at, content_hash, json, story_id)
                    VALUES \(Self.values(rows: chunk.count, columns: 9))
                    ON CONFLICT (feed_id, key) DO NOTHING RETURNING seq
                    """, binds: binds)
            for seq in try await connection.all(query, as: Int64.self, logger: logger) { stored.insert(seq) }
        }
        return stored
    }
}
