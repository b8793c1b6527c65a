import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

// Retention, the poll plan and permanent redirects: SQLiteFeedStore's prune, recordPlan and trackRedirects.
extension PostgresFeedStore {
    /// Removes what `retention` no longer keeps, oldest first, leaving tombstones; items after the lowest consumer
    /// cursor are kept whatever their age. Returns how many were removed.
    func prune(
        _ feedID: Int64, _ retention: Retention, now: Double, _ connection: PostgresConnection
    ) async throws -> Int {
        guard retention.maxItems != nil || retention.maxAge != nil else { return 0 }
        if let (count, oldest) = try await connection.first(
            "SELECT COUNT(*), MIN(first_seen_at) FROM item WHERE feed_id = \(feedID)", as: (Int64, Double?).self,
            logger: logger), !retention.removesAny(count: Int(count), oldest: oldest, now: now)
        {
            return 0
        }
        let lowest: Int64?? = try await connection.first(
            "SELECT MIN(last_seq) FROM consumer", as: Int64?.self, logger: logger)
        let protectedAfter = (lowest ?? nil) ?? Int64.max
        let rows = try await connection.all(
            """
            SELECT seq, key, first_seen_at, COALESCE(origin_seq, seq), COALESCE(story_id, origin_seq, seq), json
            FROM item WHERE feed_id = \(feedID) ORDER BY seq DESC
            """, as: (Int64, String, Double, Int64, Int64, Data).self, logger: logger)
        let removed = retention.removed(rows.map { ($0.0, $0.2) }, protectedAfter: protectedAfter, now: now)
        let doomed: [(seq: Int64, key: String, firstSeq: Int64, story: Int64, json: Data)] = removed.map { index in
            let (seq, key, _, firstSeq, story, json) = rows[index]
            return (seq, key, firstSeq, story, json)
        }
        guard !doomed.isEmpty else { return 0 }
        // The story indexes forget the removed items: their member rows, and each one's canonical URL where it
        // names the item's story (as SQLiteFeedStore.pruneStories).
        let expander = StoredJSON.Expander(dictionaries: { _ in nil })
        let decoder = JSONDecoder()
        var urls: [String] = []
        var urlStories: [Int64] = []
        for item in doomed {
            guard let text = try item.json.withUnsafeBytes(expander.text),
                let stored = try? decoder.decode(Item.self, from: Data(text)),
                let canonical = CanonicalURL.of(stored)
            else { continue }
            urls.append(canonical)
            urlStories.append(item.story)
        }
        let firstSeqs = doomed.map(\.firstSeq)
        let seqs = doomed.map(\.seq)
        var bandKeys: [Int64] = []
        var bandMembers: [Int64] = []
        for (member, signature) in try await connection.all(
            "DELETE FROM story_member WHERE member = ANY(\(firstSeqs)) RETURNING member, signature",
            as: (Int64, Data).self, logger: logger)
        {
            for key in StoryText.bandKeys(of: StoryText.hashes(ofBlob: signature)) {
                bandKeys.append(key)
                bandMembers.append(member)
            }
        }
        try await connection.run(
            """
            DELETE FROM story_band USING unnest(\(bandKeys), \(bandMembers)) AS v(band_key, member)
            WHERE story_band.band_key = v.band_key AND story_band.member = v.member
            """, logger: logger)
        try await connection.run(
            """
            DELETE FROM story_url USING unnest(\(urls), \(urlStories)) AS v(url, story_id)
            WHERE story_url.url = v.url AND story_url.story_id = v.story_id
            """, logger: logger)
        // Only an edited item (first seq not its seq) has receipts or moves (DeliveryRule.forget).
        let edited = doomed.filter { $0.firstSeq != $0.seq }.map(\.firstSeq)
        if !edited.isEmpty {
            try await connection.run("DELETE FROM receipt WHERE origin = ANY(\(edited))", logger: logger)
            try await connection.run("DELETE FROM item_move WHERE origin = ANY(\(edited))", logger: logger)
        }
        try await connection.run(
            """
            INSERT INTO tombstone (feed_id, key, removed_at) SELECT \(feedID), k, \(now) FROM unnest(\(doomed.map(\.key))) AS k
            ON CONFLICT (feed_id, key) DO UPDATE SET removed_at = excluded.removed_at
            """, logger: logger)
        try await connection.run("DELETE FROM item WHERE seq = ANY(\(seqs))", logger: logger)
        try await connection.run(
            "UPDATE feed SET item_count = item_count - \(Int64(doomed.count)) WHERE id = \(feedID)", logger: logger)
        return doomed.count
    }

    /// Stores the next poll time and, when the refresh carries a plan, the poll state it decided.
    func recordPlan(
        of refresh: FeedRefresh, summary: RefreshSummary, feedID: Int64, _ connection: PostgresConnection
    ) async throws {
        guard let plan = refresh.plan?(summary) else {
            try await connection.run("UPDATE feed SET next_due_at = NULL WHERE id = \(feedID)", logger: logger)
            return
        }
        try await connection.run(
            """
            UPDATE feed SET next_due_at = \(plan.nextDueAt?.timeIntervalSince1970),
                current_interval = \(plan.state.interval?.timeInterval), interval_reason = \(plan.state.reason?.rawValue),
                retry_after_until = \(plan.state.retryAfterUntil?.timeIntervalSince1970), gone = \(plan.state.gone),
                polling_hints = \(StoredHints.encode(plan.state.hints))
            WHERE id = \(feedID)
            """, logger: logger)
    }

    /// Counts polls in a row through a permanent redirect to one target and moves the feed there on the
    /// ``FeedRefresh/permanentRedirectsToMove``-th (``RedirectStep``); the old URL stays an alias.
    func trackRedirects(
        of refresh: FeedRefresh, feedID: Int64, _ connection: PostgresConnection
    ) async throws -> String? {
        guard refresh.httpStatus != nil else { return nil }
        guard
            let (url, runTarget, runCount) = try await connection.first(
                "SELECT url, redirect_target, redirect_count FROM feed WHERE id = \(feedID)",
                as: (String, String?, Int64).self, logger: logger)
        else { return nil }
        var step = refresh.redirectStep(url: url, runTarget: runTarget, runCount: Int(runCount))
        if case .move(let target, let count) = step {
            var resolve = PostgresQuery(unsafeSQL: Self.resolveID)
            resolve.binds.append(target)
            if let takenBy = try await connection.first(resolve, as: Int64.self, logger: logger), takenBy != feedID {
                step = .counted(target: target, count: count)
            }
        }
        switch step {
        case .unchanged:
            return nil
        case .cleared:
            try await connection.run(
                "UPDATE feed SET redirect_target = NULL, redirect_count = 0 WHERE id = \(feedID)", logger: logger)
            return nil
        case .counted(let target, let count):
            try await connection.run(
                "UPDATE feed SET redirect_target = \(target), redirect_count = \(Int64(count)) WHERE id = \(feedID)",
                logger: logger)
            return nil
        case .move(let target, _):
            try await connection.run("DELETE FROM feed_alias WHERE url = \(target)", logger: logger)
            try await connection.run(
                """
                INSERT INTO feed_alias (url, feed_id) VALUES (\(url), \(feedID))
                ON CONFLICT (url) DO UPDATE SET feed_id = excluded.feed_id
                """, logger: logger)
            try await connection.run(
                "UPDATE feed SET url = \(target), redirect_target = NULL, redirect_count = 0 WHERE id = \(feedID)",
                logger: logger)
            return target
        }
    }
}
