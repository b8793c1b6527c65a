import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

// A pushed document's commit: the items of a poll's commit (PostgresFeedStore+Commit) without its decisions about
// the whole feed (PushedDocument says which).
extension PostgresFeedStore {
    public func commitPushed(_ document: PushedDocument) async throws -> RefreshSummary {
        try await transaction("commit a push to \(document.feedURL)") { connection in
            let feedID = try await lockFeed(document.feedURL, connection)
            let known = try await knownItems(of: feedID, connection)
            let distinct = SQLiteFeedStore.distinctItems(of: document.feed, policy: known.policy)
            let prepared = try SQLiteFeedStore.prepare(
                distinct, skipping: known.hashes, refresh: document.refresh, storyWindow: storyWindow)
            let staged = try await stage(prepared, feedID: feedID, connection)
            try await connection.run(
                "UPDATE feed SET item_count = item_count + \(Int64(staged.newItems)) WHERE id = \(feedID)",
                logger: logger)
            try await write(staged, feedID: feedID, polledAt: document.receivedAt.timeIntervalSince1970, connection)
            return RefreshSummary(
                newItems: staged.newItems, knownItems: prepared.distinctCount - staged.newItems,
                updatedItems: staged.updatedItems)
        }
    }
}
