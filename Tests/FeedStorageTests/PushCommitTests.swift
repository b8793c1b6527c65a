import FeedModel
import FeedTesting
import Foundation
import Testing

@testable import FeedStorage

@Suite("Pushed documents") struct PushCommitTests {
    let url = "https://a.example/feed"

    func pushed(_ items: [Item], at time: Int) -> PushedDocument {
        PushedDocument(feedURL: url, receivedAt: at(time), feed: Feed(title: "Pushed title", items: items))
    }

    @Test("a diff payload (only the new entry) adds the item and removes nothing", arguments: backends)
    func diffAddsOnly(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let poll = updated(url, [item("b"), item("a")], at: 0, retention: Retention(maxItems: 2))
            #expect(try await store.commit(poll).newItems == 2)
            let before = try #require(try await store.feed(url: url))
            let summary = try await store.commitPushed(pushed([item("c")], at: 60))
            #expect(summary.newItems == 1 && summary.removedItems == 0)
            // Three items although the feed keeps two: a push takes no retention decision.
            #expect(
                try await store.items(after: 0, limit: nil).map(\.key) == ["urn:item:a", "urn:item:b", "urn:item:c"])
            let after = try #require(try await store.feed(url: url))
            #expect(after.itemCount == 3)
            // The feed's poll state, validators and title stay as the poll left them.
            #expect(after.lastPolledAt == before.lastPolledAt && after.validators == before.validators)
            #expect(after.lastOutcome == before.lastOutcome && after.nextDueAt == before.nextDueAt)
            #expect(after.title == before.title && after.bodyHash == before.bodyHash)
            // The same entry pushed again (a fat ping) is known, and an edit is stored in place with a new seq.
            var edited = item("c")
            edited.title = "Item c, corrected"
            let again = try await store.commitPushed(pushed([edited, item("b")], at: 120))
            #expect(again.newItems == 0 && again.updatedItems == 1 && again.knownItems == 2)
            let edits = try await store.items(ItemQuery(after: 3, includeUpdates: true))
            #expect(edits.map(\.item.title) == ["Item c, corrected"] && edits.map(\.seq) == [4])
            #expect(try await store.verify().isEmpty)
        }
    }

    @Test("a push neither clears tombstones nor brings a removed item back", arguments: backends)
    func tombstonesStay(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let poll = updated(url, [item("b"), item("a")], at: 0, retention: Retention(maxItems: 1))
            #expect(try await store.commit(poll).removedItems == 1)
            // The push does not list "a": a poll's commit would drop its tombstone, a push must not.
            _ = try await store.commitPushed(pushed([item("c")], at: 60))
            #expect(try await count(store, "SELECT COUNT(*) FROM tombstone") == 1)
            #expect(try await store.commitPushed(pushed([item("a")], at: 120)).newItems == 0)
            #expect(try await store.items(after: 0, limit: nil).map(\.key) == ["urn:item:b", "urn:item:c"])
        }
    }
}
