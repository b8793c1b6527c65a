import FeedModel
import FeedStorage
import FeedTesting
import Foundation
import PostgresNIO
import Testing

@testable import FeedPostgres

/// Delivery with writers whose transactions overlap: a writer that took its seq but has not committed yet (a
/// second connection, driven by hand) and a refresh committed through the store meanwhile, which takes the next
/// seq. With a sequence the later seq could commit first and a consumer reading between the two commits would move
/// its cursor past the earlier seq, skipping it for good. The sequencer row makes the later writer wait for the
/// earlier one's commit instead; a consumer dumping at every step receives each item once.
@Suite("PostgreSQL delivery with interleaved writers", .enabled(if: PostgresTestServer.runsTests))
struct InterleavedDeliveryTests {
    let early = "https://early.example/feed"
    let late = "https://late.example/feed"

    /// One `dump` of `consumer`: the items it is owed in one snapshot, then the cursor moved past them.
    func dump(_ store: PostgresFeedStore, _ consumer: String) async throws -> [String] {
        let snapshot = try await store.snapshot()
        let cursor = try await snapshot.cursor(of: consumer)
        let items = try await snapshot.items(ItemQuery(after: cursor, audience: .consumer(consumer)))
        if let last = items.last?.seq {
            #expect(try await store.advanceCursor(of: consumer, from: cursor, to: last, seenAt: snapshot.highWater))
        }
        return items.map(\.key)
    }

    @Test("a consumer dumping between two overlapping commits misses nothing and receives nothing twice")
    func laterSeqCannotCommitFirst() async throws {
        try await PostgresTestServer.withDatabase { url in
            let location = try PostgresLocation(parsing: url)
            let store = PostgresFeedStore(location: location)
            defer { Task { await store.close() } }
            try await store.register([FeedSubscription(url: early), FeedSubscription(url: late)])
            _ = try await store.commit(refresh(early, [Item(id: "first", title: "First")]))
            #expect(try await dump(store, "reader") == ["first"])

            // The earlier writer: its seq taken and its item inserted, its transaction left open.
            let writer = try await store.connect()
            try await writer.query("BEGIN", logger: store.logger)
            let taken = try await writer.first(
                "UPDATE sequencer SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq", as: Int64.self,
                logger: store.logger)
            let seq = try #require(taken)
            let json = Data(#"{"id":"earlier","title":"Earlier"}"#.utf8)
            try await writer.query(
                """
                INSERT INTO item (seq, feed_id, key, first_seen_at, content_hash, json)
                SELECT \(seq), id, 'earlier', 0, 'hash', \(json) FROM feed WHERE url = \(early)
                """, logger: store.logger)
            try await writer.query(
                "UPDATE feed SET item_count = item_count + 1 WHERE url = \(early)", logger: store.logger)

            // The later writer, through the store: it must wait for the earlier one at the sequencer.
            let later = Task { try await store.commit(refresh(late, [Item(id: "later", title: "Later")])) }
            let observer = try await store.connect()
            try await waitUntil("the later commit waiting for the earlier writer's lock") {
                let waiting = try await observer.first(
                    "SELECT COUNT(*) FROM pg_locks WHERE NOT granted", as: Int64.self, logger: store.logger)
                return (waiting ?? 0) > 0
            }
            // Between the two: neither commit is visible, so the cursor stays below both seqs.
            #expect(try await dump(store, "reader") == [])

            try await writer.query("COMMIT", logger: store.logger)
            #expect(try await later.value.newItems == 1)
            let stored = try await store.items(after: 0, limit: nil)
            #expect(stored.map(\.key) == ["first", "earlier", "later"])
            #expect(stored.map(\.seq) == [1, seq, seq + 1])
            #expect(try await dump(store, "reader") == ["earlier", "later"])
            #expect(try await dump(store, "reader") == [])
            #expect(try await store.verify() == [])
            try await writer.close()
            try await observer.close()
        }
    }

    func refresh(_ url: String, _ items: [Item]) -> FeedRefresh {
        FeedRefresh(
            feedURL: url, polledAt: Date(timeIntervalSince1970: 1_700_000_000),
            result: .updated(Feed(title: "T", items: items), bodyHash: "h"), httpStatus: 200)
    }
}
