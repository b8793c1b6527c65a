import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

// A refresh's one transaction: the SQLite store's commit (SQLiteFeedStore+Commit) with the same decisions
// (distinctItems, prepare, GUIDChurn, the delivery rule), its rows written in a few statements per refresh.
extension PostgresFeedStore {
    public func commit(_ refresh: FeedRefresh) async throws -> RefreshSummary {
        let (summary, switched) = try await transaction("commit the refresh of \(refresh.feedURL)") { connection in
            try await commit(refresh, on: connection)
        }
        if let switched {
            logger.notice(
                "feed re-issues its guids: matching its items by link from now on",
                metadata: ["feed": "\(refresh.feedURL)", "reason": "\(switched.reason)"])
        }
        return summary
    }

    private func commit(_ refresh: FeedRefresh, on connection: PostgresConnection) async throws
        -> (RefreshSummary, GUIDChurn?)
    {
        let feedID = try await lockFeed(refresh.feedURL, connection)
        if let lease = refresh.lease { try await checkLease(lease, of: feedID, connection) }
        // Read before this refresh's items are written: the plan counts those from the summary.
        var earlier: [Date]?
        if let since = refresh.newItemTimesSince {
            earlier = try await newItemTimes(of: feedID, since: since, connection)
        }
        var summary = RefreshSummary(newItems: 0, knownItems: 0)
        var switched: GUIDChurn?
        let polledAt = refresh.polledAt.timeIntervalSince1970
        let outcome: PollOutcome =
            switch refresh.result {
            case .updated: .updated
            case .notModified: .notModified
            case .failed: .failed
            }
        let status = refresh.httpStatus.map(Int64.init)
        var staged: StagedRows?
        switch refresh.result {
        case .updated(let feed, let bodyHash):
            var known = try await knownItems(of: feedID, connection)
            if known.policy == .guid, let churn = GUIDChurn.detect(in: feed.items, known: known) {
                known = known.keyedByLink()
                if try await switchToLinks(feedID, churn: churn, at: polledAt, connection) { switched = churn }
            }
            let distinct = SQLiteFeedStore.distinctItems(of: feed, policy: known.policy)
            let prepared = try SQLiteFeedStore.prepare(
                distinct, skipping: known.hashes, refresh: refresh, storyWindow: storyWindow)
            let rows = try await stage(prepared, feedID: feedID, connection)
            staged = rows
            summary = RefreshSummary(
                newItems: rows.newItems, knownItems: prepared.distinctCount - rows.newItems,
                updatedItems: rows.updatedItems)
            try await connection.run(
                "DELETE FROM tombstone WHERE feed_id = \(feedID) AND NOT (key = ANY(\(Array(prepared.documentKeys))))",
                logger: logger)
            try await connection.run(
                """
                UPDATE feed SET
                    feed_title = COALESCE(\(ItemIdentity.nonBlank(feed.title)), feed_title),
                    home_page_url = COALESCE(\(ItemIdentity.nonBlank(feed.homePageURL)), home_page_url),
                    body_hash = \(bodyHash), item_count = item_count + \(Int64(summary.newItems)),
                    consecutive_failures = 0, last_error = NULL, baseline_at = COALESCE(baseline_at, \(polledAt)),
                    last_polled_at = \(polledAt), last_outcome = \(outcome.rawValue), last_status = \(status)
                WHERE id = \(feedID)
                """, logger: logger)
        case .notModified:
            summary.removedItems = try await prune(feedID, refresh.retention, now: polledAt, connection)
            try await connection.run(
                """
                UPDATE feed SET consecutive_failures = 0, last_error = NULL, last_polled_at = \(polledAt),
                    last_outcome = \(outcome.rawValue), last_status = \(status)
                WHERE id = \(feedID)
                """, logger: logger)
        case .failed(let message):
            try await connection.run(
                """
                UPDATE feed SET consecutive_failures = consecutive_failures + 1, last_error = \(message),
                    last_polled_at = \(polledAt), last_outcome = \(outcome.rawValue), last_status = \(status)
                WHERE id = \(feedID)
                """, logger: logger)
        }
        // PollOutcome.validatorUpdate says which validators a response changes.
        if let validators = refresh.validators {
            switch outcome.validatorUpdate {
            case .replace:
                try await connection.run(
                    """
                    UPDATE feed SET etag = \(validators.etag), last_modified = \(validators.lastModified)
                    WHERE id = \(feedID)
                    """, logger: logger)
            case .merge:
                try await connection.run(
                    """
                    UPDATE feed SET etag = COALESCE(\(validators.etag), etag),
                        last_modified = COALESCE(\(validators.lastModified), last_modified)
                    WHERE id = \(feedID)
                    """, logger: logger)
            case .keep: break
            }
        }
        summary.earlierNewItemTimes = earlier ?? []
        let movedTo = try await trackRedirects(of: refresh, feedID: feedID, connection)
        // The rows that need seqs go last, after everything else that does not wait for them: taking the sequencer
        // makes other committers wait until this transaction ends. Retention counts the new rows, so when it removes
        // anything (rarely) they are written before it, and the plan, which sees what it removed, after it.
        if let staged {
            if try await retentionRemoves(feedID, refresh.retention, adding: staged.newItems, now: polledAt, connection)
            {
                try await write(staged, feedID: feedID, polledAt: polledAt, connection)
                summary.removedItems = try await prune(feedID, refresh.retention, now: polledAt, connection)
                try await recordPlan(of: refresh, summary: summary, feedID: feedID, connection)
            } else {
                try await recordPlan(of: refresh, summary: summary, feedID: feedID, connection)
                try await write(staged, feedID: feedID, polledAt: polledAt, connection)
            }
        } else {
            try await recordPlan(of: refresh, summary: summary, feedID: feedID, connection)
        }
        summary.movedTo = movedTo
        return (summary, switched)
    }

    /// Whether the retention removes anything from the feed once `adding` new items, first seen `now`, are stored.
    private func retentionRemoves(
        _ feedID: Int64, _ retention: Retention, adding: Int, now: Double, _ connection: PostgresConnection
    ) async throws -> Bool {
        guard retention.maxItems != nil || retention.maxAge != nil else { return false }
        guard
            let (count, oldest) = try await connection.first(
                "SELECT COUNT(*), MIN(first_seen_at) FROM item WHERE feed_id = \(feedID)", as: (Int64, Double?).self,
                logger: logger)
        else { return false }
        let oldestAfter = adding > 0 ? min(oldest ?? now, now) : oldest
        return retention.removesAny(count: Int(count) + adding, oldest: oldestAfter, now: now)
    }

    /// The id of the feed at `url` or aliased by it, creating the row for a URL not registered, locked until the
    /// transaction ends: one feed's refreshes commit one after the other, so the known items read below stay true.
    func lockFeed(_ url: String, _ connection: PostgresConnection) async throws -> Int64 {
        var resolve = PostgresQuery(unsafeSQL: "SELECT id FROM feed WHERE id = (\(Self.resolveID)) FOR UPDATE")
        resolve.binds.append(url)
        if let id = try await connection.first(resolve, as: Int64.self, logger: logger) { return id }
        try await connection.run("INSERT INTO feed (url) VALUES (\(url)) ON CONFLICT (url) DO NOTHING", logger: logger)
        guard
            let id = try await connection.first(
                "SELECT id FROM feed WHERE url = \(url) FOR UPDATE", as: Int64.self, logger: logger)
        else {
            throw FeedStorageError.database("find the feed \(url)", cause: "its row vanished after insertion")
        }
        return id
    }

    /// When each item of the feed first seen since `since` was first seen, its first document's left out.
    private func newItemTimes(of feedID: Int64, since: Date, _ connection: PostgresConnection) async throws -> [Date] {
        try await connection.all(
            """
            SELECT first_seen_at FROM item
            WHERE feed_id = \(feedID) AND first_seen_at >= \(since.timeIntervalSince1970)
                AND first_seen_at > COALESCE((SELECT baseline_at FROM feed WHERE id = \(feedID)), 0)
            ORDER BY first_seen_at
            """, as: Double.self, logger: logger
        ).map(Date.init(timeIntervalSince1970:))
    }

    /// What is stored for the feed: keys with content hashes (a tombstone's is ``SQLiteFeedStore/tombstoneHash``),
    /// the key of each stored link, and the key policy.
    func knownItems(of feedID: Int64, _ connection: PostgresConnection) async throws -> KnownItems {
        var known = KnownItems()
        let rows = try await connection.all(
            """
            SELECT key, content_hash, url FROM item WHERE feed_id = \(feedID)
            UNION ALL SELECT key, \(SQLiteFeedStore.tombstoneHash), NULL FROM tombstone WHERE feed_id = \(feedID)
            """, as: (String, String, String?).self, logger: logger)
        for (key, hash, link) in rows {
            if known.hashes[key] == nil { known.hashes[key] = hash }
            if let link { known.storedLinks.append((link, key)) }
        }
        let policy = try await connection.first(
            "SELECT policy FROM feed_key_policy WHERE feed_id = \(feedID)", as: String.self, logger: logger)
        known.policy = policy.flatMap(KeyPolicy.init(rawValue:)) ?? .guid
        return known
    }

    /// Records that the feed is matched by link from now on and re-keys its stored items by their normalized
    /// link (as SQLiteFeedStore.switchToLinks); false when another process had already switched it.
    private func switchToLinks(
        _ feedID: Int64, churn: GUIDChurn, at time: Double, _ connection: PostgresConnection
    ) async throws -> Bool {
        let inserted = try await connection.first(
            """
            INSERT INTO feed_key_policy (feed_id, policy, decided_at, reason)
            VALUES (\(feedID), 'link', \(time), \(churn.reason))
            ON CONFLICT (feed_id) DO NOTHING RETURNING feed_id
            """, as: Int64.self, logger: logger)
        guard inserted != nil else { return false }
        let rows = try await connection.all(
            "SELECT seq, key, url FROM item WHERE feed_id = \(feedID) AND url IS NOT NULL ORDER BY seq",
            as: (Int64, String, String).self, logger: logger)
        let stored: [String] = try await connection.all(
            "SELECT key FROM item WHERE feed_id = \(feedID)", as: String.self, logger: logger)
        let rekeyed = KeyPolicy.linkKeys(of: rows.map { ($0.0, $0.1, $0.2) }, taken: Set(stored))
        let seqs = rekeyed.map(\.seq)
        let keys = rekeyed.map(\.key)
        // The new keys never collide (KeyPolicy.linkKeys): one UPDATE re-keys them all.
        try await connection.run(
            "UPDATE item SET key = v.key FROM unnest(\(seqs), \(keys)) AS v(seq, key) WHERE item.seq = v.seq",
            logger: logger)
        return true
    }
}
