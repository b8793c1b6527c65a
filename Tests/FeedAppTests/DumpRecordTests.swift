import FeedModel
import FeedStorage
import Foundation
import Testing

@testable import FeedApp

/// The record spliced into stored JSON (``ItemJSON/splicedRecord(_:json:event:alsoIn:)``) against the same record
/// through Foundation's encoder (`DumpRecord`), which the dump falls back on.
@Suite("Dump records") struct DumpRecordTests {
    @Test(
        "the record spliced from stored JSON has exactly the members of the encoded one",
        arguments: [
            (revision: 0, alsoIn: nil as [String]?, title: "Feed \"quoted\" \\ back\nslash\u{1}" as String?),
            (revision: 2, alsoIn: ["https://a.example/rss", "https://b.example/\"q\""], title: nil),
        ])
    func splicedEqualsEncoded(revision: Int, alsoIn: [String]?, title: String?) throws {
        let item = Item(
            id: "urn:x", url: "https://example.org/a/b", title: "Ünïcode — “title” 🎉", contentHTML: "<p>x</p>",
            datePublished: Date(timeIntervalSince1970: 1_700_000_000), tags: ["t"])
        let json = [UInt8](try FeedJSON.encoder().encode(item))
        let stored = StoredItem(
            seq: 42, feedURL: "https://feed.example/rss?a=1&b=2", feedTitle: title, key: "urn:x",
            firstSeenAt: Date(timeIntervalSince1970: 1_700_000_123.456), item: item, originSeq: 40,
            revision: revision, updatedAt: revision > 0 ? Date(timeIntervalSince1970: 1_700_000_500) : nil, storyID: 7)
        let spliced = try #require(ItemJSON.splicedRecord(stored, json: json, event: .updated, alsoIn: alsoIn))
        let encoded = try FeedJSON.encoder().encode(DumpRecord(stored, event: .updated, alsoIn: alsoIn))
        let a = try #require(JSONSerialization.jsonObject(with: Data(spliced)) as? NSDictionary)
        let b = try #require(JSONSerialization.jsonObject(with: encoded) as? NSDictionary)
        #expect(a == b)
        #expect(a["story_id"] as? Int == 7)
    }

    @Test(
        "seq and story id of every length are written as the encoder writes them",
        arguments: [0, 9, 10, 99, 1_000_000_007, Int64.max])
    func integers(_ value: Int64) throws {
        let stored = StoredItem(
            seq: value, feedURL: "u", feedTitle: nil, key: "k", firstSeenAt: Date(timeIntervalSince1970: 0),
            item: Item(), storyID: value)
        let spliced = try #require(ItemJSON.splicedRecord(stored, json: Array("{}".utf8), event: .new, alsoIn: nil))
        let encoded = try FeedJSON.encoder().encode(DumpRecord(stored, event: .new))
        #expect(String(decoding: spliced, as: UTF8.self).contains(#""seq":\#(value),"#))
        let a = try #require(JSONSerialization.jsonObject(with: Data(spliced)) as? NSDictionary)
        let b = try #require(JSONSerialization.jsonObject(with: encoded) as? NSDictionary)
        #expect(a == b)
    }
}
