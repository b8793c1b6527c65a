import FeedModel
import FeedTesting
import Foundation
import GRDB
import Testing

@testable import FeedStorage

/// The store keeps item JSON compressed (StoredJSON); rows written before that hold the text. Both read back the
/// same, and a damaged frame is an error naming the item.
@Suite("Stored item JSON") struct StoredJSONTests {
    static let items = (1...40).map { number in
        Item(
            id: "urn:item:\(number)", url: "https://example.org/\(number)", title: "Item \(number) — “quoted”",
            contentHTML: String(
                repeating: "<p>Paragraph \(number) of an article, with <a href=\"/x\">a link</a>.</p>", count: number),
            authors: [Person(name: "Ann")], tags: ["t\(number)"])
    }

    @Test("compressing then expanding gives the JSON back, smaller on the way for anything but a tiny item")
    func roundTrip() throws {
        let compressor = StoredJSON.Compressor()
        try DatabaseQueue().read { db in try Self.roundTrip(compressor, StoredJSON.Expander(db)) }
    }

    static func roundTrip(_ compressor: StoredJSON.Compressor, _ expander: StoredJSON.Expander) throws {
        for item in Self.items {
            let json = ItemJSON.encode(item)
            let frame = compressor.compress(json)
            #expect(frame.withUnsafeBytes(StoredJSON.isFrame))
            #expect(try frame.withUnsafeBytes(expander.text) == json)
            if json.count > 600 { #expect(frame.count < json.count / 2, "\(json.count) -> \(frame.count)") }
        }
        let text = Array(#"{"title":"plain"}"#.utf8)
        #expect(try text.withUnsafeBytes(expander.text) == text, "text written before compression passes through")
    }

    @Test("rows that hold the JSON text (written before compression) read exactly as compressed ones")
    func plainRowsReadTheSame() async throws {
        try await withTemporaryStore { store, _ async throws in
            _ = try await store.commit(updated("https://a.example/", Self.items.reversed()))
            var raw = ItemQuery(includeUpdates: true)
            raw.rawJSON = true
            let compressed = try await (store.items(ItemQuery(includeUpdates: true)), store.items(raw))
            let page = try await store.itemPage(raw)
            // Every second row back to text, as an older feedd stored it.
            try await store.write("decompress half the rows") { db in
                for row in try Row.fetchAll(db, sql: "SELECT seq, json FROM item WHERE seq % 2 = 0") {
                    let frame: Data = row["json"]
                    let text = try #require(try frame.withUnsafeBytes(StoredJSON.Expander(db).text))
                    try db.execute(
                        sql: "UPDATE item SET json = ? WHERE seq = ?",
                        arguments: [String(decoding: text, as: UTF8.self), row["seq"] as Int64])
                }
            }
            #expect(try await store.items(ItemQuery(includeUpdates: true)) == compressed.0)
            #expect(try await store.items(raw) == compressed.1)
            let mixed = try await store.itemPage(raw)
            #expect(mixed.json == page.json && mixed.entries.map(\.json) == page.entries.map(\.json))
            #expect(compressed.0.map(\.item) == Self.items, "the items as they were stored")
        }
    }

    @Test("a damaged frame is reported by seq, by every reader")
    func damagedFrame() async throws {
        try await withTemporaryStore { store, _ async throws in
            _ = try await store.commit(updated("https://a.example/", [item("a")]))
            try await store.write("truncate the frame") { db in
                try db.execute(sql: "UPDATE item SET json = substr(json, 1, 12)")
            }
            var raw = ItemQuery()
            raw.rawJSON = true
            for read in [{ _ = try await store.items(ItemQuery()) }, { _ = try await store.itemPage(raw) }] {
                let error = await #expect(throws: FeedStorageError.self) { try await read() }
                #expect(error?.description.contains("Stored item 1") == true)
            }
        }
    }

    /// Items of a few hundred feeds' worth of different text, as many as a store trains its dictionary on.
    static func manyItems(_ count: Int, feed: Int) -> [Item] {
        var random = SplitMix(seed: UInt64(feed))
        let words = ["market", "launch", "model", "release", "paper", "city", "report", "update", "security", "team"]
        return (0..<count).map { number in
            let text = (0..<60).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
            return Item(
                id: "urn:f\(feed):\(number)", url: "https://f\(feed).example/\(number)", title: "Story \(number)",
                contentHTML: "<div class=\"entry-content\"><p>\(text)</p><p>Read more at f\(feed).</p></div>",
                authors: [Person(name: "Desk \(feed)")])
        }
    }

    @Test("past its training size a store trains a dictionary; later items use it and read back, in any handle")
    func dictionaryIsTrainedAndUsed() async throws {
        try await withTemporaryStore { store, path async throws in
            let half = StoredJSON.trainingItems / 2
            for feed in 0..<2 {
                _ = try await store.commit(updated("https://f\(feed).example/", Self.manyItems(half, feed: feed)))
            }
            #expect(
                try await store.read("count") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM codec_dictionary")
                } == 0)
            let later = Self.manyItems(50, feed: 9)
            _ = try await store.commit(updated("https://f9.example/", later))
            let dictionary = try #require(
                try await store.read("the dictionary") { db in try StoredJSON.current(in: db) })
            let ids = try await store.read("dictionary ids") { db in
                try Data.fetchAll(db, sql: "SELECT json FROM item WHERE feed_id = 3").map { frame in
                    frame.withUnsafeBytes(StoredJSON.dictionaryID)
                }
            }
            #expect(ids.count == 50 && ids.allSatisfy { $0 == dictionary.id }, "the items after training use it")
            // Another process has digested nothing yet: it reads the dictionary from the store.
            StoredJSON.digested.withLock { $0.removeAll() }
            let other = try SQLiteFeedStore(path: path)
            #expect(try await other.items(ItemQuery(after: Int64(2 * half))).map(\.item) == later.reversed())
            try await DatabaseQueue().read { db in
                try Self.roundTrip(StoredJSON.Compressor(dictionary: dictionary), StoredJSON.Expander(db))
            }
            // A frame naming a dictionary the store does not hold cannot be read: an error naming the item.
            try await store.write("lose the dictionary") { db in try db.execute(sql: "DELETE FROM codec_dictionary") }
            StoredJSON.digested.withLock { $0.removeAll() }
            let error = await #expect(throws: FeedStorageError.self) {
                try await SQLiteFeedStore(path: path).items(ItemQuery(after: Int64(2 * half)))
            }
            #expect(error?.description.contains("Stored item \(2 * half + 1)") == true)
        }
    }
}
