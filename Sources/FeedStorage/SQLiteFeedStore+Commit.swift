import FeedModel
import Foundation
import GRDB

// Writes: subscriptions and refreshes. Each function runs inside the one transaction `write` opened.
extension SQLiteFeedStore {
    static func register(_ subscriptions: [FeedSubscription], in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO feed (url, user_title, tags, poll_interval) VALUES (?, ?, ?, ?)
                ON CONFLICT (url) DO UPDATE SET
                    user_title = excluded.user_title, tags = excluded.tags, poll_interval = excluded.poll_interval
                """)
        for subscription in subscriptions {
            let interval = subscription.interval.map {
                Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18
            }
            // A blank title in the configuration means "no title of mine": the feed's own then shows.
            try statement.execute(arguments: [
                subscription.url, ItemIdentity.nonBlank(subscription.title), try encodeTags(subscription.tags),
                interval,
            ])
        }
    }

    static func commit(_ refresh: FeedRefresh, in db: Database) throws -> RefreshSummary {
        let feedID = try feedID(for: refresh.feedURL, in: db)
        var summary = RefreshSummary(newItems: 0, knownItems: 0)
        let outcome: PollOutcome
        switch refresh.result {
        case .updated(let feed, let bodyHash):
            outcome = .updated
            summary = try insertItems(of: feed, feedID: feedID, refresh: refresh, in: db)
            try db.execute(
                sql: """
                    UPDATE feed SET
                        feed_title = COALESCE(?, feed_title), home_page_url = COALESCE(?, home_page_url),
                        body_hash = ?, item_count = item_count + ?, consecutive_failures = 0, last_error = NULL
                    WHERE id = ?
                    """,
                arguments: [
                    ItemIdentity.nonBlank(feed.title), ItemIdentity.nonBlank(feed.homePageURL), bodyHash,
                    summary.newItems, feedID,
                ])
        case .notModified:
            outcome = .notModified
            try db.execute(
                sql: "UPDATE feed SET consecutive_failures = 0, last_error = NULL WHERE id = ?", arguments: [feedID])
        case .failed(let message):
            outcome = .failed
            try db.execute(
                sql: "UPDATE feed SET consecutive_failures = consecutive_failures + 1, last_error = ? WHERE id = ?",
                arguments: [message, feedID])
        }
        // A failed poll keeps the validators of the last good response: a 5xx page's ETag must not make the next
        // request conditional on an error page. A 200 is the whole truth about the new representation, so it
        // replaces both (a validator the server stopped sending is cleared). A 304 must repeat the ETag a 200
        // would carry but need not repeat Last-Modified (RFC 9110 §15.4.5), so it only updates what it carries.
        if let validators = refresh.validators {
            let sql: String? =
                switch outcome {
                case .updated: "UPDATE feed SET etag = ?, last_modified = ? WHERE id = ?"
                case .notModified:
                    "UPDATE feed SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) WHERE id = ?"
                case .failed: nil
                }
            if let sql { try db.execute(sql: sql, arguments: [validators.etag, validators.lastModified, feedID]) }
        }
        try db.execute(
            sql: """
                UPDATE feed SET last_polled_at = ?, last_outcome = ?, last_status = ?, next_due_at = ?
                WHERE id = ?
                """,
            arguments: [
                refresh.polledAt.timeIntervalSince1970, outcome.rawValue, refresh.httpStatus,
                refresh.nextDueAt?.timeIntervalSince1970, feedID,
            ])
        return summary
    }

    /// The row id of the feed, creating the row for a URL not registered (a feed dropped from the configuration
    /// while its poll was in flight still gets its result recorded).
    private static func feedID(for url: String, in db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO feed (url) VALUES (?) ON CONFLICT (url) DO NOTHING", arguments: [url])
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM feed WHERE url = ?", arguments: [url]) else {
            throw FeedStorageError.database("find the feed \(url)", cause: "its row vanished after insertion")
        }
        return id
    }

    /// Stores the document's items not yet known for this feed.
    ///
    /// Feeds list their newest item first (RSS 2.0 and Atom do not require it, but practice is overwhelmingly
    /// so), and readers expect seq order to be the order items appeared. Inserting the new items in reverse
    /// document order gives the oldest the lowest seq. Within one document, the first occurrence of a key wins:
    /// it is the one at the top, the one a reader of the feed sees.
    private static func insertItems(
        of feed: Feed, feedID: Int64, refresh: FeedRefresh, in db: Database
    ) throws -> RefreshSummary {
        var seen = Set<String>()
        var distinct: [(key: String, item: Item)] = []
        for item in feed.items {
            let key = ItemIdentity.key(for: item)
            if seen.insert(key).inserted { distinct.append((key, item)) }
        }
        let known = try db.cachedStatement(sql: "SELECT 1 FROM item WHERE feed_id = ? AND key = ?")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO item (feed_id, key, url, title, date_published, first_seen_at, content_hash, json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (feed_id, key) DO NOTHING
                """)
        let encoder = FeedJSON.encoder()
        var newItems = 0
        for (key, item) in distinct.reversed() {
            // Known items are the common case of every poll: look them up before paying for their JSON.
            if try Bool.fetchOne(known, arguments: [feedID, key]) == true { continue }
            let json: String
            do {
                json = String(decoding: try encoder.encode(item), as: UTF8.self)
            } catch {
                throw FeedStorageError.encoding(feedURL: refresh.feedURL, key: key, cause: "\(error)")
            }
            try insert.execute(arguments: [
                feedID, key, item.url, item.title, item.datePublished?.timeIntervalSince1970,
                refresh.polledAt.timeIntervalSince1970, SHA256.hex(json), json,
            ])
            newItems += db.changesCount
        }
        return RefreshSummary(newItems: newItems, knownItems: distinct.count - newItems)
    }

    static func encodeTags(_ tags: [String]) throws -> String {
        String(decoding: try FeedJSON.encoder().encode(tags), as: UTF8.self)
    }
}
