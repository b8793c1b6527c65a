import FeedModel
import Foundation
import Testing

@testable import FeedStorage

@Suite("Item pages") struct StoredItemPageTests {
    /// The fields of a page entry with its feed and JSON, comparable.
    static func rows(_ page: StoredItemPage) -> [String] {
        page.entries.map { entry in
            let feed = page.feeds[entry.feed]
            return "\(entry.seq) \(feed.url) \(feed.title ?? "-") \(entry.firstSeenAt) \(entry.originSeq) "
                + "\(entry.revision) \(entry.updatedAt ?? -1) \(entry.storyID) "
                + String(decoding: page.json[entry.json], as: UTF8.self)
        }
    }

    @Test("SQLite's page holds what the page built from items(_:) holds: seqs, feeds, edits, stories and JSON")
    func sameAsItems() async throws {
        try await withTemporaryStore { store, _ async throws in
            _ = try await store.commit(updated("https://a.example/rss", [item("a2"), item("a1")]))
            _ = try await store.commit(updated("https://b.example/rss", [item("b1")], title: nil, at: 60))
            _ = try await store.commit(updated("https://a.example/rss", [item("a2"), edited("a1")], at: 120))
            for query in [
                ItemQuery(after: 0), ItemQuery(after: 1, includeUpdates: true), ItemQuery(after: 0, limit: 2),
            ] {
                var raw = query
                raw.rawJSON = true
                let page = try await store.itemPage(query)
                let built = StoredItemPage(try await store.items(raw))
                #expect(Self.rows(page) == Self.rows(built))
                #expect(page.entries.count == (query.limit ?? 3))
            }
            let page = try await store.itemPage(ItemQuery(after: 0))
            let last = page.storedItem(page.entries.count - 1)
            #expect(last.revision == 1 && last.originSeq == 1 && last.feedURL == "https://a.example/rss")
            #expect(
                last.json.map { String(decoding: $0, as: UTF8.self) }
                    == String(decoding: ItemJSON.encode(edited("a1")), as: UTF8.self))
        }
    }
}
