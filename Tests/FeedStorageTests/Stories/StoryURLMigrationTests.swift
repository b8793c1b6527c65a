import FeedTesting
import Foundation
import GRDB
import Testing

@testable import FeedStorage

/// Schemas v10 and v11 over a store written by v9: story_url's rows move from the URL's text to its key (v10), then
/// under host key 0 (v11), each still naming its story, so that a copy of an article polled after the upgrade
/// joins the story it joined before; rows written since lead with their host's key.
@Suite("Story URL migration") struct StoryURLMigrationTests {
    static let urls = ["example.org/a", "example.org/b?x=1", "news.example.net/2026/story"]

    /// A v9 store whose story_url names stories 7, 8 and 9 for ``urls``, upgraded by opening it.
    static func withUpgradedStore(_ body: (SQLiteFeedStore, DatabaseQueue) async throws -> Void) async throws {
        try await withOldStore(upTo: "v9: items by first sight") { db in
            for (story, url) in urls.enumerated() {
                try db.execute(sql: "INSERT INTO story_url (url, story_id) VALUES (?, ?)", arguments: [url, story + 7])
            }
        } _: { path in
            try await body(try SQLiteFeedStore(path: path), try DatabaseQueue(path: path))
        }
    }

    @Test("a v9 store's story URLs are kept by key under host key 0")
    func upgradeFromV9() async throws {
        try await Self.withUpgradedStore { _, queue in
            let stories = try await queue.read { db in
                try Self.urls.map {
                    try Int64.fetchOne(
                        db, sql: "SELECT story_id FROM story_url WHERE host_key = 0 AND url_key = ?",
                        arguments: [CanonicalURL.key($0)])
                }
            }
            #expect(stories == [7, 8, 9])
            let count = try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM story_url") }
            #expect(count == Self.urls.count)
        }
    }

    @Test("an item polled after the upgrade joins the story its URL had, and its own URL row leads with its host")
    func joinsAfterUpgrade() async throws {
        try await Self.withUpgradedStore { store, queue in
            _ = try await store.commit(updated("https://feeds.example.com/a.xml", [item("a"), item("c")]))
            let joined = try await queue.read { db in
                try String.fetchAll(db, sql: "SELECT url FROM item WHERE story_id = 7")
            }
            #expect(joined == ["https://example.org/a"])
            let hostRow = try await queue.read { db in
                try Int64.fetchOne(
                    db, sql: "SELECT story_id FROM story_url WHERE host_key = ? AND url_key = ?",
                    arguments: [CanonicalURL.hostKey("example.org/c"), CanonicalURL.key("example.org/c")])
            }
            #expect(hostRow != nil)
        }
    }

    @Test("keys are the first 8 bytes of the URL's SHA-256, distinct for distinct URLs")
    func keys() {
        // SHA-256("abc") begins ba7816bf 8f01cfea (FIPS 180-2, appendix B.1).
        #expect(CanonicalURL.key("abc") == Int64(bitPattern: 0xba78_16bf_8f01_cfea))
        let many = (0..<10_000).map { "example.org/item/\($0)" }
        #expect(Set(many.map(CanonicalURL.key)).count == many.count)
    }

    @Test(
        "host keys depend on the host alone and are never 0",
        arguments: [
            ("example.org/a", "example.org/b?x=1", true), ("example.org?q=1", "example.org/x/y", true),
            ("example.org/a", "example.net/a", false), ("a.example.org/a", "example.org/a", false),
        ])
    func hostKeys(_ first: String, _ second: String, sameHost: Bool) {
        #expect((CanonicalURL.hostKey(first) == CanonicalURL.hostKey(second)) == sameHost)
        #expect(CanonicalURL.hostKey(first) != 0)
        #expect(CanonicalURL.hostKey("") != 0)
    }
}
