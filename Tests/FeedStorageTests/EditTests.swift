import FeedModel
import Foundation
import Testing

@testable import FeedStorage

@Suite("Edited items") struct EditTests {
    let url = "https://a.example/feed"

    @Test(
        "an edited item is stored in place with a new seq; consumers choose whether they see edits", arguments: backends
    )
    func editsMoveToTheEndOfTheDeliveryOrder(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated(url, [item("b"), item("a")]))
            let before = try await store.items(after: 0, limit: nil)
            #expect(before.map(\.seq) == [1, 2])
            let consumerCursor: Int64 = 2

            let summary = try await store.commit(updated(url, [item("b"), edited("a")], at: 60))
            #expect(summary == RefreshSummary(newItems: 0, knownItems: 2, updatedItems: 1))

            // A consumer that has both sees nothing new, unless it asks for edits.
            #expect(try await store.items(ItemQuery(after: consumerCursor)).isEmpty)
            let edits = try await store.items(ItemQuery(after: consumerCursor, includeUpdates: true))
            #expect(edits.count == 1)
            let edit = try #require(edits.first)
            #expect(edit.seq == 3, "seq")
            #expect(edit.originSeq == 1, "origin")
            #expect(edit.revision == 1)
            #expect(edit.item.title == "Item a, corrected")
            #expect(edit.updatedAt == at(60))
            #expect(edit.firstSeenAt == at(0))

            // A new consumer sees each item once, in its latest revision.
            let fresh = try await store.items(after: 0, limit: nil)
            #expect(fresh.map(\.key) == ["urn:item:b", "urn:item:a"])
            #expect(fresh.last?.item.title == "Item a, corrected")

            // The same edit again changes nothing; a new item still gets a seq never used before.
            #expect(try await store.commit(updated(url, [item("b"), edited("a")], at: 120)).updatedItems == 0)
            _ = try await store.commit(updated(url, [item("c"), item("b"), edited("a")], at: 180))
            #expect(try await store.items(after: 3, limit: nil).map(\.seq) == [4])
            #expect(try await store.feed(url: url)?.itemCount == 3)
            #expect(try await store.verify().isEmpty)
        }
    }

    @Test("changes outside title, link, content and summary are not edits", arguments: backends)
    func cosmeticChangesAreNotEdits(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated(url, [item("a")]))
            var retagged = item("a")
            retagged.tags = ["other"]
            retagged.authors = []
            #expect(try await store.commit(updated(url, [retagged], at: 60)).updatedItems == 0)
        }
    }
}
