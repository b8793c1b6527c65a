import FeedModel
import Testing

@testable import FeedStorage

@Suite("Delivery: paging and consumer cursors")
struct CursorTests {
    @Test("items(after:limit:) pages through everything once, in seq order", arguments: backends, [1, 3, 4, 10, 11])
    func paging(_ backend: StoreBackend, pageSize: Int) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated("https://a.example/", (1...6).map { item("a\($0)") }))
            _ = try await store.commit(updated("https://b.example/", (1...4).map { item("b\($0)") }))
            let all = try await store.items(after: 0, limit: nil)
            #expect(all.count == 10)
            var pages: [[StoredItem]] = []
            var after: Int64 = 0
            while true {
                let page = try await store.items(after: after, limit: pageSize)
                if page.isEmpty { break }
                #expect(page.count <= pageSize)
                pages.append(page)
                after = page.last!.seq
            }
            #expect(pages.flatMap { $0 } == all)
            #expect(pages.count == (10 + pageSize - 1) / pageSize)
            #expect(try await store.items(after: all[4].seq, limit: 0).isEmpty)
            #expect(try await store.items(after: all[4].seq, limit: nil) == Array(all[5...]))
        }
    }

    @Test("the cursor is a compare-and-set: of two advances from the same value only one wins", arguments: backends)
    func compareAndSet(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            #expect(try await store.cursor(of: "reader") == 0)
            #expect(try await store.advanceCursor(of: "reader", from: 0, to: 5, seenAt: .max))
            #expect(try await store.advanceCursor(of: "reader", from: 0, to: 7, seenAt: .max) == false)
            #expect(try await store.cursor(of: "reader") == 5)
            #expect(try await store.advanceCursor(of: "reader", from: 3, to: 9, seenAt: .max) == false)
            #expect(try await store.cursor(of: "other") == 0)
            #expect(try await store.advanceCursor(of: "other", from: 4, to: 9, seenAt: .max) == false)
            #expect(try await store.cursor(of: "other") == 0)
        }
    }

    @Test("racing advances from two store handles on one store: exactly one wins each round", arguments: backends)
    func racingHandles(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let second = try another()
            for round in Int64(0)..<20 {
                let expected = round * 10
                async let first = store.advanceCursor(of: "dump", from: expected, to: expected + 10, seenAt: .max)
                async let other = second.advanceCursor(of: "dump", from: expected, to: expected + 10, seenAt: .max)
                let outcomes = try await [first, other]
                #expect(outcomes.filter { $0 }.count == 1)
            }
            #expect(try await second.cursor(of: "dump") == 200)
        }
    }

    @Test("two handles on one store (two processes) see each other's writes", arguments: backends)
    func twoHandles(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let other = try another()
            try await store.register([FeedSubscription(url: "https://a.example/", title: "A")])
            #expect(try await other.feed(url: "https://a.example/")?.title == "A")
            _ = try await other.commit(updated("https://a.example/", [item("x"), item("y")]))
            #expect(try await store.items(after: 0, limit: nil).map(\.key) == ["urn:item:y", "urn:item:x"])
            let last = try await store.items(after: 0, limit: nil).last!.seq
            #expect(try await store.advanceCursor(of: "dump", from: 0, to: last, seenAt: .max))
            #expect(try await other.cursor(of: "dump") == last)
            #expect(try await other.items(after: last, limit: nil).isEmpty)
        }
    }
}
