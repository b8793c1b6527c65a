import FeedTesting
import Foundation
import GRDB
import Testing

@testable import FeedStorage

/// Schema v10 over a store written by v9: story_url's rows move from the URL's text to its key, each still naming
/// its story, so that a copy of an article polled after the upgrade joins the story it joined before.
@Suite("Story URL migration") struct StoryURLMigrationTests {
    @Test("a v9 store's story URLs are found by key after the upgrade")
    func upgradeFromV9() async throws {
        let urls = ["example.org/a", "example.org/b?x=1", "news.example.net/2026/story"]
        try await withOldStore(upTo: "v9: items by first sight") { db in
            for (story, url) in urls.enumerated() {
                try db.execute(sql: "INSERT INTO story_url (url, story_id) VALUES (?, ?)", arguments: [url, story + 7])
            }
        } _: { path in
            _ = try SQLiteFeedStore(path: path)
            let queue = try DatabaseQueue(path: path)
            let stories = try await queue.read { db in
                try urls.map {
                    try Int64.fetchOne(
                        db, sql: "SELECT story_id FROM story_url WHERE url_key = ?", arguments: [CanonicalURL.key($0)])
                }
            }
            #expect(stories == [7, 8, 9])
            #expect(try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM story_url") } == urls.count)
        }
    }

    @Test("keys are the first 8 bytes of the URL's SHA-256, distinct for distinct URLs")
    func keys() {
        // SHA-256("abc") begins ba7816bf 8f01cfea (FIPS 180-2, appendix B.1).
        #expect(CanonicalURL.key("abc") == Int64(bitPattern: 0xba78_16bf_8f01_cfea))
        let many = (0..<10_000).map { "example.org/item/\($0)" }
        #expect(Set(many.map(CanonicalURL.key)).count == many.count)
    }
}
