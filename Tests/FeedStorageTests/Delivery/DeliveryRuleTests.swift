import FeedModel
import GRDB
import Testing

@testable import FeedStorage

/// The delivery rule's cases one by one, on a real store: what an edit owes each consumer depending on where its
/// cursor stood and what its reader's snapshot showed.
@Suite("Delivery rule") struct DeliveryRuleTests {
    /// The keys and events the consumer is owed now (updates included).
    func owed(_ store: any FeedStore, _ consumer: String) async throws -> [String] {
        let cursor = try await store.cursor(of: consumer)
        return try await store.items(ItemQuery(after: cursor, includeUpdates: true, audience: .consumer(consumer)))
            .map { "\($0.item.title ?? "") \($0.event.rawValue)" }
    }

    /// Stores items a and b, moves each consumer's cursor to its seq (from a reader that saw both), then edits both.
    func storeThenEditBoth(_ store: any FeedStore, cursors: [(consumer: String, seq: Int64)]) async throws {
        _ = try await store.commit(updated("https://a.example/", [item("b"), item("a")]))
        for (consumer, seq) in cursors {
            #expect(try await store.advanceCursor(of: consumer, from: 0, to: seq, seenAt: 2), "\(consumer)")
        }
        _ = try await store.commit(updated("https://a.example/", [edited("b"), edited("a")]))
    }

    @Test(
        "an edit owes the new form as an update to a consumer that has the item, as new to one that has not",
        arguments: backends)
    func editByCursor(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await storeThenEditBoth(store, cursors: [("has", 2), ("half", 1)])
            #expect(try await owed(store, "has") == ["Item a, corrected updated", "Item b, corrected updated"])
            #expect(try await owed(store, "half") == ["Item a, corrected updated", "Item b, corrected new"])
            #expect(try await owed(store, "later") == ["Item a, corrected new", "Item b, corrected new"])
        }
    }

    @Test(
        "an item edited after the reader's snapshot counts as received by the advance; one edited before does not",
        arguments: backends)
    func advanceRecordsTheSnapshot(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated("https://a.example/", [item("b"), item("a")]))
            let snapshot = try await store.snapshot()
            #expect(try await snapshot.items(ItemQuery(audience: .consumer("r"))).count == 2)
            _ = try await store.commit(updated("https://a.example/", [item("b"), edited("a")]))
            // The snapshot still shows seq 1 and 2: the reader printed a's first form.
            #expect(try await snapshot.items(ItemQuery(audience: .consumer("r"))).map(\.seq) == [1, 2])
            #expect(try await store.advanceCursor(of: "r", from: 0, to: 2, seenAt: snapshot.highWater))
            #expect(try await owed(store, "r") == ["Item a, corrected updated"])
            // A reader whose snapshot came after the edit saw a at seq 3 only: passing seq 1 gives it nothing.
            let late = try await store.snapshot()
            #expect(try await store.advanceCursor(of: "s", from: 0, to: 2, seenAt: late.highWater))
            #expect(try await owed(store, "s") == ["Item a, corrected new"])
        }
    }

    @Test(
        "receipts go with their consumer and with the items retention removes; check finds a stray one",
        arguments: backends)
    func receiptsAreForgotten(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await storeThenEditBoth(store, cursors: [("r", 2), ("gone", 2)])
            func receipts() async throws -> Int { try await count(store, "SELECT COUNT(*) FROM receipt") }
            #expect(try await receipts() == 4)
            #expect(try await store.removeConsumer("gone") == 0)
            #expect(try await receipts() == 2)
            #expect(try await store.advanceCursor(of: "r", from: 2, to: 4, seenAt: 4))
            let pruning = updated("https://a.example/", [edited("b"), edited("a")], retention: Retention(maxItems: 0))
            #expect(try await store.commit(pruning).removedItems == 2)
            #expect(try await receipts() == 0)
            #expect(try await store.verify().isEmpty)
            try await execute(store, "INSERT INTO receipt (consumer, origin) VALUES ('r', 99)")
            #expect(try await store.verify() == ["1 delivery receipts name no consumer or no item"])
        }
    }
}
