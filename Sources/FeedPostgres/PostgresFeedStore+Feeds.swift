import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

// Subscriptions and feed rows: the SQLite store's statements (SQLiteFeedStore+Reading, +Commit, +PollState) in
// PostgreSQL's dialect.
extension PostgresFeedStore {
    public func register(_ subscriptions: [FeedSubscription]) async throws {
        try await transaction("register the subscriptions") { connection in
            for subscription in subscriptions {
                let interval = subscription.interval?.timeInterval
                // A blank title in the configuration means "no title of mine": the feed's own then shows.
                let title = ItemIdentity.nonBlank(subscription.title)
                let tags = try SQLiteFeedStore.encodeTags(subscription.tags)
                // The old URL of a feed that moved (the configuration keeps listing it) means the moved feed.
                let aliased = try await connection.first(
                    """
                    UPDATE feed SET user_title = \(title), tags = \(tags), poll_interval = \(interval)
                    WHERE id = (SELECT feed_id FROM feed_alias WHERE url = \(subscription.url)) RETURNING id
                    """, as: Int64.self, logger: logger)
                if aliased != nil { continue }
                // A known feed's row is written (and so locked until the commit) only when its settings change:
                // ON CONFLICT DO UPDATE locks the row even when nothing changes, and a worker starting beside
                // others that poll, renew and commit those rows then deadlocked with them (SQLSTATE 40P01).
                try await connection.run(
                    """
                    INSERT INTO feed (url, user_title, tags, poll_interval)
                    VALUES (\(subscription.url), \(title), \(tags), \(interval))
                    ON CONFLICT (url) DO NOTHING
                    """, logger: logger)
                try await connection.run(
                    """
                    UPDATE feed SET user_title = \(title), tags = \(tags), poll_interval = \(interval)
                    WHERE url = \(subscription.url) AND (user_title IS DISTINCT FROM \(title)
                        OR tags IS DISTINCT FROM \(tags) OR poll_interval IS DISTINCT FROM \(interval))
                    """, logger: logger)
            }
        }
    }

    public func feeds() async throws -> [FeedRecord] {
        try await read("read the feeds") { connection in
            try await Self.records(
                PostgresQuery(unsafeSQL: "SELECT \(Self.feedColumns) FROM feed ORDER BY url"), connection, logger)
        }
    }

    public func feeds(named urls: Set<String>) async throws -> [FeedRecord] {
        guard !urls.isEmpty else { return [] }
        let list = Array(urls)
        return try await read("read \(urls.count) feeds") { connection in
            var query = PostgresQuery(
                unsafeSQL: """
                    SELECT \(Self.feedColumns) FROM feed
                    WHERE url = ANY($1) OR id IN (SELECT feed_id FROM feed_alias WHERE url = ANY($1))
                    ORDER BY url
                    """)
            query.binds.append(list)
            return try await Self.records(query, connection, logger)
        }
    }

    public func feed(url: String) async throws -> FeedRecord? {
        try await read("read the feed \(url)") { connection in
            var query = PostgresQuery(unsafeSQL: "SELECT \(Self.feedColumns) FROM feed WHERE id = (\(Self.resolveID))")
            query.binds.append(url)
            return try await Self.records(query, connection, logger).first
        }
    }

    public func enable(url: String) async throws -> Bool {
        try await transaction("enable the feed \(url)") { connection in
            var query = PostgresQuery(
                unsafeSQL: """
                    UPDATE feed SET gone = FALSE, next_due_at = NULL, retry_after_until = NULL,
                        consecutive_failures = 0, interval_reason = NULL
                    WHERE id = (\(Self.resolveID)) RETURNING id
                    """)
            query.binds.append(url)
            return try await connection.first(query, as: Int64.self, logger: logger) != nil
        }
    }

    /// SQL for the id of the feed at the URL `$1` or aliased by it.
    static let resolveID = """
        SELECT id FROM feed WHERE url = $1 UNION ALL SELECT feed_id FROM feed_alias WHERE url = $1 LIMIT 1
        """

    /// The feed columns a ``FeedRecord`` is built from, in the order ``records(_:_:_:)`` decodes them; the title is
    /// the user's, else the feed's own.
    static let feedColumns = """
        url, COALESCE(user_title, feed_title), tags, etag, last_modified, last_polled_at, last_outcome,
        last_status, last_error, consecutive_failures, next_due_at, item_count, body_hash, current_interval,
        interval_reason, retry_after_until, gone, polling_hints, redirect_target, redirect_count, baseline_at,
        ARRAY(SELECT url FROM feed_alias WHERE feed_id = feed.id ORDER BY url)
        """

    static func records(
        _ query: PostgresQuery, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [FeedRecord] {
        var texts = RecordTexts()
        var records: [FeedRecord] = []
        let rows = try await connection.query(query, logger: logger)
        for try await row in rows {
            let (
                url, title, tags, etag, lastModified, polledAt, outcome, status, error, failures, dueAt, itemCount,
                bodyHash, interval, reason, retryAfter, gone, hints, redirectTarget, redirectCount, baselineAt, aliases
            ) = try row.decode(
                (
                    String, String?, String, String?, String?, Double?, String?, Int64?, String?, Int64, Double?,
                    Int64, String?, Double?, String?, Double?, Bool, String?, String?, Int64, Double?, [String]
                ).self)
            records.append(
                FeedRecord(
                    url: url, title: title, tags: texts.list(tags),
                    validators: HTTPValidators(etag: etag, lastModified: lastModified),
                    lastPolledAt: date(polledAt), lastOutcome: outcome.flatMap(PollOutcome.init(rawValue:)),
                    lastStatus: status.map(Int.init), lastError: error, consecutiveFailures: Int(failures),
                    nextDueAt: date(dueAt), itemCount: Int(itemCount), bodyHash: bodyHash,
                    pollState: PollState(
                        interval: interval.map { .milliseconds(Int64(($0 * 1000).rounded())) },
                        reason: reason.flatMap(IntervalReason.init(rawValue:)), retryAfterUntil: date(retryAfter),
                        gone: gone, hints: texts.hints(hints)),
                    aliases: aliases, redirectTarget: redirectTarget, redirectCount: Int(redirectCount),
                    baselineAt: date(baselineAt)))
        }
        return records
    }
}

/// Seconds since 1970 as a date.
func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }
