import FeedModel
import Foundation
import Testing

@testable import FeedStorage

/// The labelled set Tests/Fixtures/stories/stories.json (see make_stories.py there): every item carries the label
/// of its true story.
struct LabelledFeed: Decodable {
    struct Entry: Decodable {
        var story: String
        var id: String
        var url: String
        var title: String
        var content_html: String
        var date_published: String
        var orig_link: String?

        var item: Item {
            Item(
                id: id, url: url, title: title, contentHTML: content_html,
                datePublished: Timestamp.parse(date_published),
                links: orig_link.map { [Link(href: $0, rel: "canonical")] } ?? [])
        }
    }

    var feed_url: String
    var items: [Entry]

    static func load() throws -> [LabelledFeed] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/stories/stories.json")
        return try JSONDecoder().decode([LabelledFeed].self, from: Data(contentsOf: url))
    }
}

@Suite("Cross-feed stories") struct StoryClusterTests {
    /// Every item of the set committed as it would arrive: in publication order, each poll an hour after the item
    /// appeared, the feed's document listing all its items so far (newest first).
    static func commitInOrder(_ feeds: [LabelledFeed], to store: any FeedStore) async throws {
        let arrivals = feeds.flatMap { feed in feed.items.map { (feed: feed.feed_url, entry: $0) } }
            .sorted { ($0.entry.date_published, $0.entry.id) < ($1.entry.date_published, $1.entry.id) }
        var documents: [String: [Item]] = [:]
        for arrival in arrivals {
            documents[arrival.feed, default: []].insert(arrival.entry.item, at: 0)
            let polledAt = try #require(Timestamp.parse(arrival.entry.date_published)).addingTimeInterval(3600)
            _ = try await store.commit(
                FeedRefresh(
                    feedURL: arrival.feed, polledAt: polledAt,
                    result: .updated(Feed(items: documents[arrival.feed]!), bodyHash: arrival.entry.id)))
        }
    }

    @Test("pairwise precision ≥ 0.99 and recall ≥ 0.9 on the labelled set", arguments: backends)
    func precisionAndRecall(_ backend: StoreBackend) async throws {
        let feeds = try LabelledFeed.load()
        let labels = Dictionary(uniqueKeysWithValues: feeds.flatMap(\.items).map { ($0.id, $0.story) })
        #expect(labels.count >= 60)
        #expect(Set(labels.values).count >= 25)
        try await withStore(backend) { store async throws in
            try await Self.commitInOrder(feeds, to: store)
            let stored = try await store.items(after: 0, limit: nil)
            #expect(stored.count == labels.count)
            var truePositives = 0
            var falsePositives = 0
            var falseNegatives = 0
            for (index, a) in stored.enumerated() {
                for b in stored[(index + 1)...] {
                    let same = labels[a.key] == labels[b.key]
                    let predicted = a.storyID == b.storyID
                    if same && predicted { truePositives += 1 }
                    if !same && predicted {
                        falsePositives += 1
                        print("false merge: \(a.key) ~ \(b.key)")
                    }
                    if same && !predicted {
                        falseNegatives += 1
                        print("missed: \(a.key) ~ \(b.key)")
                    }
                }
            }
            let precision = Double(truePositives) / Double(max(truePositives + falsePositives, 1))
            let recall = Double(truePositives) / Double(max(truePositives + falseNegatives, 1))
            print(
                "stories: \(stored.count) items, \(Set(labels.values).count) true stories, "
                    + "\(Set(stored.map(\.storyID)).count) found; pairs: \(truePositives) right, "
                    + "\(falsePositives) false merges, \(falseNegatives) missed; precision "
                    + String(format: "%.3f", precision) + ", recall " + String(format: "%.3f", recall))
            #expect(truePositives > 0)
            #expect(precision >= 0.99)
            #expect(recall >= 0.9)
        }
    }

    @Test(
        "the same text outside the window is another story; the same canonical URL is not bound by it",
        arguments: backends)
    func window(_ backend: StoreBackend) async throws {
        func copy(_ id: String, url: String, day: Int) -> Item { lighthouseCopy(id, url: url, published: day * 86_400) }
        try await withStore(backend) { store async throws in
            _ = try await store.commit(
                updated("https://a.example/rss", [copy("a1", url: "https://a.example/1", day: 0)]))
            _ = try await store.commit(
                updated("https://b.example/rss", [copy("b1", url: "https://b.example/1", day: 2)], at: 2 * 86_400))
            _ = try await store.commit(
                updated("https://c.example/rss", [copy("c1", url: "https://c.example/1", day: 30)], at: 30 * 86_400))
            _ = try await store.commit(
                updated("https://d.example/rss", [copy("d1", url: "http://www.a.example/1/", day: 60)], at: 60 * 86_400)
            )
            let stories = try await store.items(after: 0, limit: nil).map(\.storyID)
            #expect(stories.count == 4)
            #expect(stories[0] == stories[1], "near duplicate within 7 days")
            #expect(stories[2] != stories[0], "the same text 30 days later is another story")
            #expect(stories[3] == stories[0], "equal canonical URL, whatever the time")
        }
    }

    @Test("an edit keeps the item's story id; founders' story id is their first seq", arguments: backends)
    func editKeepsStory(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated("https://a.example/rss", [item("x")]))
            _ = try await store.commit(updated("https://a.example/rss", [edited("x")], at: 60))
            let stored = try #require(try await store.items(ItemQuery(includeUpdates: true)).first)
            #expect(stored.seq == 2)
            #expect(stored.storyID == 1)
        }
    }

    @Test(
        "a near-duplicate joins the story of an item another process stored after this one last looked",
        arguments: backends)
    func otherProcessesMembers(_ backend: StoreBackend) async throws {
        func copy(_ id: String, url: String) -> Item { lighthouseCopy(id, url: url, published: 0) }
        try await withStoreHandles(backend) { first, another async throws in
            // A second handle on the same store, as a second process has: its band index (SQLite) is its own.
            let second = try another()
            _ = try await second.commit(updated("https://c.example/rss", [item("unrelated")], at: 60))
            _ = try await first.commit(
                updated("https://a.example/rss", [copy("a1", url: "https://a.example/1")], at: 120))
            _ = try await second.commit(
                updated("https://b.example/rss", [copy("b1", url: "https://b.example/1")], at: 180))
            let stored = try await first.items(after: 0, limit: nil)
            #expect(stored.map(\.key) == ["urn:item:unrelated", "a1", "b1"])
            #expect(stored[2].storyID == stored[1].seq, "b1 joins a1's story, found through the shared file")
        }
    }

    @Test(
        "two handles storing copies of one article at the same moment end with one story", arguments: backends)
    func simultaneousCopies(_ backend: StoreBackend) async throws {
        // Rounds ten hours apart with a one-hour window: each round's two copies are a story of their own.
        try await withStoreHandles(backend, storyWindow: .seconds(3600)) { first, another async throws in
            let second = try another()
            for round in 0..<8 {
                let published = round * 36_000
                let a = lighthouseCopy("a\(round)", url: "https://a.example/\(round)", published: published)
                let b = lighthouseCopy("b\(round)", url: "https://b.example/\(round)", published: published)
                async let left = first.commit(updated("https://a.example/rss", [a], at: published + 60))
                async let right = second.commit(updated("https://b.example/rss", [b], at: published + 60))
                _ = try await (left, right)
            }
            let stored = try await first.items(after: 0, limit: nil)
            #expect(stored.count == 16)
            for round in 0..<8 {
                let pair = stored.filter { $0.key == "a\(round)" || $0.key == "b\(round)" }
                let stories = Set(pair.map(\.storyID))
                #expect(pair.count == 2 && stories.count == 1, "round \(round): \(pair.map(\.key)) in \(stories)")
            }
            #expect(Set(stored.map(\.storyID)).count == 8)
        }
    }
}

/// A copy of one article (a lead of 30 words, enough for a text signature) as feed `id` would carry it.
func lighthouseCopy(_ id: String, url: String, published: Int) -> Item {
    let lead =
        "Officials in the harbour town said on Monday that the old lighthouse would reopen to visitors in June "
        + "after two years of repairs to its stairs, lamp room and the keeper's cottage beside it."
    return Item(
        id: id, url: url, title: "Lighthouse to reopen in June", contentHTML: "<p>\(lead)</p>",
        datePublished: at(published))
}
