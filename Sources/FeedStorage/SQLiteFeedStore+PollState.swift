import FeedModel
import Foundation
import GRDB

// The scheduler's side of a feed row: next poll, poll state, permanent redirects, re-enabling a gone feed.
extension SQLiteFeedStore {
    /// The feed's run of permanent redirects as stored before this poll (see ``trackRedirects(of:feedID:run:in:)``).
    struct RedirectRun {
        var url: String
        var target: String?
        var count: Int
    }

    /// Stores, in one UPDATE, the outcome's own columns (`also`), the validators the response changes
    /// (``PollOutcome/validatorUpdate``), the next poll time and, when the refresh carries a plan, the poll state
    /// it decided; returns the feed's redirect run as it was, which the same statement reads.
    static func recordPollState(
        of refresh: FeedRefresh, outcome: PollOutcome, summary: RefreshSummary, feedID: Int64,
        also: (sql: String, arguments: [(any DatabaseValueConvertible)?]), in db: Database
    ) throws -> RedirectRun? {
        var sql = "UPDATE feed SET " + also.sql
        var arguments = also.arguments
        if let validators = refresh.validators {
            switch outcome.validatorUpdate {
            case .replace: sql += "etag = ?, last_modified = ?, "
            case .merge: sql += "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
            case .keep: break
            }
            if outcome.validatorUpdate != .keep { arguments += [validators.etag, validators.lastModified] }
        }
        if let plan = refresh.plan?(summary) {
            sql += """
                next_due_at = ?, current_interval = ?, interval_reason = ?, retry_after_until = ?, gone = ?,
                    polling_hints = ?
                """
            arguments += [
                plan.nextDueAt?.timeIntervalSince1970, plan.state.interval?.timeInterval, plan.state.reason?.rawValue,
                plan.state.retryAfterUntil?.timeIntervalSince1970, plan.state.gone,
                StoredHints.encode(plan.state.hints),
            ]
        } else {
            sql += "next_due_at = NULL"
        }
        // RETURNING reads the row as updated; it sets none of the redirect columns, so they are as before the poll.
        sql += " WHERE id = ? RETURNING url, redirect_target, redirect_count"
        arguments.append(feedID)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments)) else {
            return nil
        }
        return RedirectRun(url: row["url"], target: row["redirect_target"], count: row["redirect_count"])
    }

    /// Counts polls in a row that came through a permanent redirect to one target and moves the feed there on
    /// the ``FeedRefresh/permanentRedirectsToMove``-th (``RedirectStep``); returns the new URL when it moved.
    static func trackRedirects(of refresh: FeedRefresh, feedID: Int64, run: RedirectRun?, in db: Database) throws
        -> String?
    {
        guard refresh.httpStatus != nil, let run else { return nil }
        let url = run.url
        var step = refresh.redirectStep(url: url, runTarget: run.target, runCount: run.count)
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
