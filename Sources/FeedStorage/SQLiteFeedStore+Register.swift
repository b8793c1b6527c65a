import FeedModel
import Foundation
import GRDB

extension SQLiteFeedStore {
    /// The subscriptions that would change the store: not stored yet, or stored (by URL, or by an alias of a feed
    /// that moved) with another title, tags or interval. Read first, outside a write transaction, so that a start
    /// over thousands of known feeds neither takes the write lock nor rewrites a row (each UPDATE dirtied a page
    /// for the WAL and its sync).
    static func changes(_ subscriptions: [FeedSubscription], in db: Database) throws -> [FeedSubscription] {
        var feedIDs: [String: Int64] = [:]
        var stored: [Int64: Settings] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, url, user_title, tags, poll_interval FROM feed")
        while let row = try rows.next() {
            feedIDs[row["url"]] = row["id"]
            stored[row["id"]] = Settings(title: row["user_title"], tags: row["tags"], interval: row["poll_interval"])
        }
        let aliases = try Row.fetchCursor(db, sql: "SELECT url, feed_id FROM feed_alias")
        while let row = try aliases.next() { feedIDs[row["url"]] = row["feed_id"] }
        var changed: [FeedSubscription] = []
        for subscription in subscriptions {
            let wanted = try Settings(subscription)
            let feedID = feedIDs[subscription.url]
            if let feedID, stored[feedID] == wanted { continue }
            changed.append(subscription)
            // A later subscription naming the same feed (by its old URL) compares with what this one writes.
            if let feedID { stored[feedID] = wanted }
        }
        return changed
    }

    /// Adds the subscriptions not stored yet and sets the title, tags and interval of the stored ones.
    static func register(_ subscriptions: [FeedSubscription], in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO feed (url, user_title, tags, poll_interval) VALUES (?, ?, ?, ?)
                ON CONFLICT (url) DO UPDATE SET
                    user_title = excluded.user_title, tags = excluded.tags, poll_interval = excluded.poll_interval
                """)
        let aliased = try db.cachedStatement(
            sql: """
                UPDATE feed SET user_title = ?, tags = ?, poll_interval = ?
                WHERE id = (SELECT feed_id FROM feed_alias WHERE url = ?)
                """)
        for subscription in subscriptions {
            let wanted = try Settings(subscription)
            let arguments: StatementArguments = [wanted.title, wanted.tags, wanted.interval]
            // The old URL of a feed that moved (the configuration keeps listing it) means the moved feed.
            try aliased.execute(arguments: arguments + [subscription.url])
            if db.changesCount == 0 { try statement.execute(arguments: [subscription.url] + arguments) }
        }
    }

    /// What the configuration sets of a stored feed.
    private struct Settings: Equatable {
        var title: String?
        var tags: String
        var interval: Double?

        init(title: String?, tags: String, interval: Double?) {
            self.title = title
            self.tags = tags
            self.interval = interval
        }

        /// What a subscription sets: a blank title means "no title of mine", so the feed's own shows.
        init(_ subscription: FeedSubscription) throws {
            self.init(
                title: ItemIdentity.nonBlank(subscription.title), tags: try encodeTags(subscription.tags),
                interval: subscription.interval?.timeInterval)
        }
    }
}
