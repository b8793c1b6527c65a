import FeedModel
import FeedTesting
import Foundation
import GRDB
import Testing

@testable import FeedStorage

/// Schema v4 over a store written by v3: existing rows keep working and their stored items count as the first
/// document (baseline), not as a burst of new items.
@Suite("Poll state migration") struct PollStateMigrationTests {
    @Test("a v3 store upgrades: baseline from its oldest item, no poll state, no alias")
    func upgradeFromV3() async throws {
        let url = "https://example.org/feed.xml"
        try await withOldStore(upTo: "v3: tombstones") { db in
            try db.execute(
                sql: "INSERT INTO feed (id, url, body_hash, item_count) VALUES (1, ?, 'h', 2)", arguments: [url])
            for (key, seen) in [("a", at(0)), ("b", at(10))] {
                try db.execute(
                    sql: """
                        INSERT INTO item (feed_id, key, first_seen_at, content_hash, json)
                        VALUES (1, ?, ?, 'x', '{}')
                        """,
                    arguments: [key, seen.timeIntervalSince1970])
            }
        } _: { path in
            let store = try SQLiteFeedStore(path: path)
            let feed = try #require(try await store.feed(url: url))
            #expect(feed.pollState == PollState() && feed.aliases.isEmpty && feed.redirectCount == 0)
            // The item first seen with the oldest is the baseline; the later one counts as new.
            #expect(try await earlierNewItemTimes(store, url, since: at(-100)) == [at(10)])
        }
    }
}
