import FeedModel
import Foundation
import GRDB

// The scheduler's side of a feed row: next poll, poll state, permanent redirects, re-enabling a gone feed.
extension SQLiteFeedStore {
    /// Stores the next poll time and, when the refresh carries a plan, the poll state it decided.
    static func recordPlan(of refresh: FeedRefresh, summary: RefreshSummary, feedID: Int64, in db: Database) throws {
        guard let plan = refresh.plan?(summary) else {
            try db.cachedStatement(sql: "UPDATE feed SET next_due_at = NULL WHERE id = ?").execute(arguments: [feedID])
            return
        }
        let interval = plan.state.interval?.timeInterval
        try db.cachedStatement(
            sql: """
                UPDATE feed SET next_due_at = ?, current_interval = ?, interval_reason = ?, retry_after_until = ?,
                    gone = ?, polling_hints = ?
                WHERE id = ?
                """
        ).execute(
            arguments: [
                plan.nextDueAt?.timeIntervalSince1970, interval, plan.state.reason?.rawValue,
                plan.state.retryAfterUntil?.timeIntervalSince1970, plan.state.gone,
                StoredHints.encode(plan.state.hints), feedID,
            ])
    }

    /// Counts polls in a row that came through a permanent redirect to one target and moves the feed there on
    /// the ``FeedRefresh/permanentRedirectsToMove``-th (``RedirectStep``); returns the new URL when it moved.
    static func trackRedirects(of refresh: FeedRefresh, feedID: Int64, in db: Database) throws -> String? {
        guard refresh.httpStatus != nil else { return nil }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT url, redirect_target, redirect_count FROM feed WHERE id = ?"),
                arguments: [feedID])
        else { return nil }
        let url: String = row["url"]
        var step = refresh.redirectStep(url: url, runTarget: row["redirect_target"], runCount: row["redirect_count"])
        if case .move(let target, let count) = step,
            let takenBy = try Int64.fetchOne(db, sql: resolveID, arguments: [target, target]), takenBy != feedID
        {
            step = .counted(target: target, count: count)
        }
        switch step {
        case .unchanged:
            return nil
        case .cleared:
            try db.cachedStatement(sql: "UPDATE feed SET redirect_target = NULL, redirect_count = 0 WHERE id = ?")
                .execute(arguments: [feedID])
            return nil
        case .counted(let target, let count):
            try db.execute(
                sql: "UPDATE feed SET redirect_target = ?, redirect_count = ? WHERE id = ?",
                arguments: [target, count, feedID])
            return nil
        case .move(let target, _):
            try db.execute(sql: "DELETE FROM feed_alias WHERE url = ?", arguments: [target])
            try db.execute(
                sql: "INSERT OR REPLACE INTO feed_alias (url, feed_id) VALUES (?, ?)", arguments: [url, feedID])
            try db.execute(
                sql: "UPDATE feed SET url = ?, redirect_target = NULL, redirect_count = 0 WHERE id = ?",
                arguments: [target, feedID])
            return target
        }
    }

    /// Clears the gone state of the feed at `url` (or aliased by it) so that it is polled at once; false when no
    /// such feed is stored.
    static func enable(url: String, in db: Database) throws -> Bool {
        try db.execute(
            sql: """
                UPDATE feed SET gone = 0, next_due_at = NULL, retry_after_until = NULL, consecutive_failures = 0,
                    interval_reason = NULL
                WHERE id = (\(resolveID))
                """,
            arguments: [url, url])
        return db.changesCount > 0
    }
}
