import FeedModel
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
    func roundTrip() {
        let compressor = StoredJSON.Compressor()
        let expander = StoredJSON.Expander()
        for item in Self.items {
            let json = ItemJSON.encode(item)
            let frame = compressor.compress(json)
            #expect(frame.withUnsafeBytes(StoredJSON.isFrame))
            #expect(frame.withUnsafeBytes(expander.text) == json)
            if json.count > 600 { #expect(frame.count < json.count / 2, "\(json.count) -> \(frame.count)") }
        }
        let text = Array(#"{"title":"plain"}"#.utf8)
        #expect(text.withUnsafeBytes(expander.text) == text, "text written before compression passes through")
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
                    let text = try #require(frame.withUnsafeBytes(StoredJSON.Expander().text))
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
}
