import FeedModel
import Foundation
import GRDB

// A pushed document's commit: the items of a poll's commit (SQLiteFeedStore+Commit) without its decisions about
// the whole feed.
extension SQLiteFeedStore {
    public func commitPushed(_ document: PushedDocument) async throws -> RefreshSummary {
        let url = document.feedURL
        let looks = codec.withLock { $0.dictionary == nil }
        let (known, look) = try await read("read the stored keys of \(url)") { db in
            (try Self.knownItems(of: url, in: db), looks ? try CodecState.Look(in: db) : nil)
        }
        let dictionary = try await compressionDictionary(look)
        // Keyed as the feed's polls are (by link once GUID churn switched it); churn itself is never judged from a
        // push, which may hold a few entries only.
        let refresh = document.refresh
        let prepared = try Self.prepare(
            Self.distinctItems(of: document.feed, policy: known.policy), skipping: known.hashes, refresh: refresh,
            storyWindow: storyWindow, dictionary: dictionary)
        let (summary, _) = try await groupCommit("commit a push to \(url)") { db in
            let feedID = try Self.feedID(for: url, in: db)
            let summary = try self.stories.withLock { index in
                index.noteCommit()
                return try Self.insertItems(prepared, feedID: feedID, refresh: refresh, stories: &index, in: db)
            }
            try db.execute(
                sql: "UPDATE feed SET item_count = item_count + ? WHERE id = ?",
                arguments: [summary.newItems, feedID])
            return (summary, nil)
        }
        return summary
    }
}
