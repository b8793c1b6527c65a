import FeedModel
import Foundation
import GRDB
import Testing

@testable import FeedStorage

@Suite("Retention") struct RetentionTests {
    let url = "https://a.example/feed"

    @Test(
        "beyond max_items the oldest go, leave tombstones, and come back only once the feed stopped listing them",
        arguments: backends)
    func maxItemsWithTombstones(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let five = ["e", "d", "c", "b", "a"].map { item($0) }
            let first = try await store.commit(updated(url, five, at: 0, retention: Retention(maxItems: 3)))
            #expect(first.newItems == 5 && first.removedItems == 2)
            #expect(
                try await store.items(after: 0, limit: nil).map(\.key) == ["urn:item:c", "urn:item:d", "urn:item:e"])
            #expect(try await store.feed(url: url)?.itemCount == 3)
            // Still listed: the tombstones keep them from coming back as new.
            #expect(try await store.commit(updated(url, five, at: 60, retention: Retention(maxItems: 3))).newItems == 0)
            // No longer listed: the tombstones go; should the item reappear later, it is new again.
            _ = try await store.commit(updated(url, Array(five.prefix(3)), at: 120, retention: Retention(maxItems: 3)))
            #expect(try await store.commit(updated(url, [item("a")] + five.prefix(3), at: 180)).newItems == 1)
            #expect(try await store.verify().isEmpty)
        }
    }

    @Test("max_age removes by first-seen time", arguments: backends)
    func maxAge(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated(url, [item("old")], at: 0))
            let later = try await store.commit(
                updated(
                    url, [item("new"), item("old")], at: 2 * 86_400, retention: Retention(maxAge: .seconds(86_400))))
            #expect(later.newItems == 1 && later.removedItems == 1)
            #expect(try await store.items(after: 0, limit: nil).map(\.key) == ["urn:item:new"])
        }
    }

    @Test("an item a registered consumer has not received is never removed", arguments: backends)
    func consumersProtectUndeliveredItems(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            #expect(try await store.advanceCursor(of: "reader", from: 0, to: 0, seenAt: .max))
            let four = ["d", "c", "b", "a"].map { item($0) }
            #expect(
                try await store.commit(updated(url, four, at: 0, retention: Retention(maxItems: 1))).removedItems == 0)
            #expect(try await store.advanceCursor(of: "reader", from: 0, to: 2, seenAt: .max))
            // Seqs 1 and 2 (a, b) were delivered: they may go; c is beyond the cursor and stays.
            #expect(
                try await store.commit(updated(url, four, at: 60, retention: Retention(maxItems: 1))).removedItems == 2)
            #expect(try await store.items(after: 0, limit: nil).map(\.key) == ["urn:item:c", "urn:item:d"])
            #expect(try await store.verify().isEmpty)
        }
    }

    @Test(
        "removed items leave the story indexes; their story lives on through the items that remain",
        arguments: backends)
    func prunedStories(_ backend: StoreBackend) async throws {
        func copy(_ id: String, published: Int) -> Item {
            lighthouseCopy(id, url: "https://news.example/lighthouse", published: published)
        }
        func refresh(_ feed: String, _ items: [Item], at time: Int) -> FeedRefresh {
            updated(feed, items, at: time, retention: Retention(maxItems: 1))
        }
        try await withStore(backend) { store async throws in
            _ = try await store.commit(refresh("https://a.example/rss", [copy("a1", published: 0)], at: 0))
            _ = try await store.commit(refresh("https://b.example/rss", [copy("b1", published: 60)], at: 60))
            #expect(try await store.items(after: 0, limit: nil).map(\.storyID) == [1, 1])
            #expect(try await count(store, "SELECT COUNT(*) FROM story_member") == 2)
            #expect(try await count(store, "SELECT COUNT(*) FROM story_url WHERE story_id = 1") == 1)
            // a1 goes (max_items 1), and with it its member row and the URL row it wrote.
            _ = try await store.commit(
                refresh("https://a.example/rss", [item("a2", published: 120), copy("a1", published: 0)], at: 120))
            #expect(try await count(store, "SELECT COUNT(*) FROM story_member WHERE member = 1") == 0)
            #expect(try await count(store, "SELECT COUNT(*) FROM story_url WHERE story_id = 1") == 0)
            // b1 remains: a new copy still joins story 1, by its text.
            _ = try await store.commit(refresh("https://c.example/rss", [copy("c1", published: 180)], at: 180))
            #expect(
                try await store.items(after: 0, limit: nil).last.map { ($0.key, $0.storyID) } ?? ("", 0) == ("c1", 1))
            // b1 and c1 go too: story 1 has no item left, and the next copy starts a story of its own.
            _ = try await store.commit(
                refresh("https://b.example/rss", [item("b2", published: 240), copy("b1", published: 60)], at: 240))
            _ = try await store.commit(
                refresh("https://c.example/rss", [item("c2", published: 300), copy("c1", published: 180)], at: 300))
            #expect(try await count(store, "SELECT COUNT(*) FROM story_member WHERE member IN (1, 2, 4)") == 0)
            #expect(try await count(store, "SELECT COUNT(*) FROM story_url WHERE story_id = 1") == 0)
            _ = try await store.commit(refresh("https://d.example/rss", [copy("d1", published: 360)], at: 360))
            let d1 = try #require(try await store.items(after: 0, limit: nil).last)
            #expect(d1.key == "d1" && d1.storyID == d1.seq)
            #expect(try await store.verify().isEmpty)
        }
    }
}
