import FeedModel
import Testing

@testable import FeedStorage

@Suite("Committing refreshes")
struct CommitTests {
    let url = "https://a.example/feed"

    @Test(
        "new items get increasing seqs, oldest first; a second commit of the same document adds nothing",
        arguments: backends)
    func newItemsOldestFirst(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            // Newest first, as feeds list them.
            let document = [item("c", published: 3), item("b", published: 2), item("a", published: 1)]
            #expect(try await store.commit(updated(url, document)) == RefreshSummary(newItems: 3, knownItems: 0))
            let stored = try await store.items(after: 0, limit: nil)
            #expect(stored.map(\.key) == ["urn:item:a", "urn:item:b", "urn:item:c"])
            #expect(stored.map(\.seq) == stored.map(\.seq).sorted())
            #expect(Set(stored.map(\.seq)).count == 3)
            #expect(stored.map(\.item) == [item("a", published: 1), item("b", published: 2), item("c", published: 3)])
            #expect(stored.allSatisfy { $0.feedURL == url && $0.feedTitle == "Feed title" && $0.firstSeenAt == at(0) })

            #expect(
                try await store.commit(updated(url, document, at: 60)) == RefreshSummary(newItems: 0, knownItems: 3))

            let next = [item("d", published: 4)] + document
            #expect(
                try await store.commit(updated(url, next, at: 120, bodyHash: "h2"))
                    == RefreshSummary(newItems: 1, knownItems: 3))
            let all = try await store.items(after: 0, limit: nil)
            #expect(all.map(\.key) == ["urn:item:a", "urn:item:b", "urn:item:c", "urn:item:d"])
            #expect(all[3].seq > all[2].seq)
            #expect(all[3].firstSeenAt == at(120))

            let record = try #require(try await store.feed(url: url))
            #expect(record.itemCount == 4)
            #expect(record.bodyHash == "h2")
            #expect(record.lastOutcome == .updated)
            #expect(record.lastStatus == 200)
            #expect(record.lastPolledAt == at(120))
            #expect(record.nextDueAt == at(120 + 3600))
            #expect(record.validators == HTTPValidators(etag: "\"v1\""))
        }
    }

    @Test("dedup is per feed: the same guid in two feeds is two items", arguments: backends)
    func dedupPerFeed(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let shared = Item(id: "same-guid", title: "Shared")
            #expect(try await store.commit(updated("https://a.example/", [shared])).newItems == 1)
            #expect(try await store.commit(updated("https://b.example/", [shared])).newItems == 1)
            let stored = try await store.items(after: 0, limit: nil)
            #expect(stored.map(\.feedURL) == ["https://a.example/", "https://b.example/"])
            #expect(stored.map(\.key) == ["same-guid", "same-guid"])
        }
    }

    @Test(
        "a guid repeated within one document: identical repeats merge, different items are disambiguated",
        arguments: backends)
    func duplicateWithinDocument(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let document = [
                Item(id: "x", title: "top"), Item(id: "y", title: "middle"), Item(id: " x ", title: "top"),
                Item(id: "x", title: "reused guid"), Item(id: "x", url: "https://a.example/other", title: "linked"),
            ]
            // The identical repeat merges; the two different items that reuse "x" keep keys of their own.
            #expect(try await store.commit(updated(url, document)) == RefreshSummary(newItems: 4, knownItems: 0))
            let stored = try await store.items(after: 0, limit: nil)
            #expect(stored.map(\.key) == ["x#dup:https://a.example/other", "x#dup:2", "y", "x"])
            #expect(stored.map(\.item.title) == ["linked", "reused guid", "middle", "top"])
            #expect(try await store.feed(url: url)?.itemCount == 4)
            // The same document again: the disambiguated keys are stable, nothing is new.
            #expect(try await store.commit(updated(url, document)) == RefreshSummary(newItems: 0, knownItems: 4))
        }
    }

    @Test("items without guid are deduplicated on the normalized link, then on a content hash", arguments: backends)
    func fallbackKeys(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let first = [Item(url: "https://a.example/post#x", title: "P"), Item(title: "Only text", summary: "s")]
            #expect(try await store.commit(updated(url, first)).newItems == 2)
            let again = [
                Item(url: "HTTPS://A.example/post", title: "P edited"), Item(title: "Only text", summary: "s"),
            ]
            #expect(
                try await store.commit(updated(url, again))
                    == RefreshSummary(newItems: 0, knownItems: 2, updatedItems: 1))
            #expect(try await store.commit(updated(url, [Item(title: "Only text", summary: "s2")])).newItems == 1)
        }
    }

    @Test(
        "not modified keeps the items, saves new validators and keeps the old ones when none are given",
        arguments: backends)
    func notModified(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated(url, [item("a")]))
            _ = try await store.commit(
                FeedRefresh(feedURL: url, polledAt: at(10), result: .failed("timeout"), plan: due(at(20))))
            let refreshed = HTTPValidators(etag: "\"v2\"", lastModified: "Tue, 15 Nov 1994 12:45:26 GMT")
            let summary = try await store.commit(
                FeedRefresh(
                    feedURL: url, polledAt: at(30), result: .notModified, httpStatus: 304, validators: refreshed,
                    plan: due(at(90))))
            #expect(summary == RefreshSummary(newItems: 0, knownItems: 0))
            var record = try #require(try await store.feed(url: url))
            #expect(record.validators == refreshed)
            #expect(record.lastOutcome == .notModified)
            #expect(record.lastStatus == 304)
            #expect(record.lastPolledAt == at(30))
            #expect(record.nextDueAt == at(90))
            #expect(record.consecutiveFailures == 0)
            #expect(record.lastError == nil)
            #expect(record.itemCount == 1)
            #expect(record.bodyHash == "hash")

            _ = try await store.commit(FeedRefresh(feedURL: url, polledAt: at(40), result: .notModified))
            record = try #require(try await store.feed(url: url))
            #expect(record.validators == refreshed)

            // A 304 need not repeat Last-Modified (RFC 9110 §15.4.5): only what it carries changes.
            _ = try await store.commit(
                FeedRefresh(
                    feedURL: url, polledAt: at(50), result: .notModified, validators: HTTPValidators(etag: "\"v3\"")))
            record = try #require(try await store.feed(url: url))
            #expect(record.validators == HTTPValidators(etag: "\"v3\"", lastModified: refreshed.lastModified))

            // A 200 is the whole truth: a validator it no longer carries is cleared.
            _ = try await store.commit(updated(url, [item("a")], at: 60, validators: HTTPValidators(etag: "\"v4\"")))
            #expect(try await store.feed(url: url)?.validators == HTTPValidators(etag: "\"v4\""))
            #expect(try await store.items(after: 0, limit: nil).count == 1)
        }
    }

    @Test("a failure counts up, records its message and keeps items and validators", arguments: backends)
    func failed(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated(url, [item("a")], validators: HTTPValidators(etag: "\"good\"")))
            for (attempt, message) in ["HTTP 503", "connection refused"].enumerated() {
                let summary = try await store.commit(
                    FeedRefresh(
                        feedURL: url, polledAt: at(100 + attempt), result: .failed(message),
                        httpStatus: attempt == 0 ? 503 : nil, validators: HTTPValidators(etag: "\"error-page\""),
                        plan: due(at(200 + attempt))))
                #expect(summary == RefreshSummary(newItems: 0, knownItems: 0))
            }
            let record = try #require(try await store.feed(url: url))
            #expect(record.consecutiveFailures == 2)
            #expect(record.lastError == "connection refused")
            #expect(record.lastOutcome == .failed)
            #expect(record.lastStatus == nil)
            #expect(record.lastPolledAt == at(101))
            #expect(record.nextDueAt == at(201))
            #expect(record.validators == HTTPValidators(etag: "\"good\""))
            #expect(record.itemCount == 1)

            _ = try await store.commit(updated(url, [item("a")], at: 300))
            let recovered = try #require(try await store.feed(url: url))
            #expect(recovered.consecutiveFailures == 0)
            #expect(recovered.lastError == nil)
        }
    }

    @Test("a refresh of a feed never registered creates it", arguments: backends)
    func unknownFeed(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(
                FeedRefresh(feedURL: "https://new.example/", polledAt: at(0), result: .failed("DNS")))
            let record = try #require(try await store.feed(url: "https://new.example/"))
            #expect(record.consecutiveFailures == 1)
            #expect(record.tags == [])
        }
    }

    @Test(
        "a store that gave its memory back while idle reads and commits as before, stories included",
        arguments: backends)
    func afterReleasingIdleMemory(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let story = Item(
                id: "urn:a", url: "https://news.example/a", title: "Storm closes the harbour",
                contentHTML: "<p>The harbour closed at noon as the storm reached the coast, the port said.</p>")
            _ = try await store.commit(updated(url, [story]))
            await store.releaseIdleMemory()
            #expect(try await store.items(after: 0, limit: nil).map(\.key) == ["urn:a"])
            var copy = story
            copy.id = "urn:b"
            let summary = try await store.commit(updated("https://b.example/feed", [copy], bodyHash: "h2"))
            #expect(summary.newItems == 1)
            let items = try await store.items(after: 0, limit: nil)
            #expect(items.map(\.key) == ["urn:a", "urn:b"])
            // The second feed's copy (same canonical URL) still joins the first one's story.
            #expect(Set(items.map(\.storyID)).count == 1)
        }
    }
}
