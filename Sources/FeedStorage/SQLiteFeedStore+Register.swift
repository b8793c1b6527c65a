import FeedModel
import Foundation
import GRDB

extension SQLiteFeedStore {
    /// Adds the subscriptions not stored yet and sets the title, tags and interval of the stored ones (by URL, or
    /// by an alias of a feed that moved). A subscription that changes nothing is not written, so that a start
    /// over thousands of known feeds rewrites no feed row (each UPDATE dirtied a page for the WAL and its sync).
    static func register(_ subscriptions: [FeedSubscription], in db: Database) throws {
        var feedIDs: [String: Int64] = [:]
        var stored: [Int64: Settings] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, url, user_title, tags, poll_interval FROM feed")
        while let row = try rows.next() {
            feedIDs[row["url"]] = row["id"]
            stored[row["id"]] = Settings(title: row["user_title"], tags: row["tags"], interval: row["poll_interval"])
        }
        let aliases = try Row.fetchCursor(db, sql: "SELECT url, feed_id FROM feed_alias")
        while let row = try aliases.next() { feedIDs[row["url"]] = row["feed_id"] }

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
            // A blank title in the configuration means "no title of mine": the feed's own then shows.
            let wanted = Settings(
                title: ItemIdentity.nonBlank(subscription.title), tags: try encodeTags(subscription.tags),
                interval: subscription.interval?.timeInterval)
            let feedID = feedIDs[subscription.url]
            if let feedID, stored[feedID] == wanted { continue }
            let arguments: StatementArguments = [wanted.title, wanted.tags, wanted.interval]
            // The old URL of a feed that moved (the configuration keeps listing it) means the moved feed.
            try aliased.execute(arguments: arguments + [subscription.url])
            if db.changesCount == 0 { try statement.execute(arguments: [subscription.url] + arguments) }
            // A later subscription naming the same feed (by its old URL) compares with what was just written.
            if let feedID { stored[feedID] = wanted }
        }
    }

    /// What the configuration sets of a stored feed.
    private struct Settings: Equatable {
        var title: String?
        var tags: String
        var interval: Double?
    }
}
