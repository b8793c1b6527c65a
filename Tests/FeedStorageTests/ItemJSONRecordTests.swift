import FeedModel
import Foundation
import Testing

@testable import FeedStorage

/// Splicing feedd's keys into an item's stored JSON; DumpRecordTests (FeedAppTests) pins the spliced records to the
/// encoder's.
@Suite("Item JSON records") struct ItemJSONRecordTests {
    @Test("an empty stored object gets no leading comma; text that is not an object is refused")
    func edges() throws {
        let stored = StoredItem(
            seq: 1, feedURL: "u", feedTitle: nil, key: "k", firstSeenAt: Date(timeIntervalSince1970: 0), item: Item())
        let bytes = try #require(ItemJSON.splicedRecord(stored, json: Array("{}".utf8), event: .new, alsoIn: nil))
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is NSDictionary)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"seq":1,"feed_url":"u","#))
        // White space after the stored object is passed over; feedd's keys follow the item's own.
        let padded = try #require(
            ItemJSON.splicedRecord(stored, json: Array("{\"a\":1} \n".utf8), event: .new, alsoIn: nil))
        #expect(String(decoding: padded, as: UTF8.self).hasPrefix(#"{"a":1,"seq":1,"#))
        #expect(ItemJSON.splicedRecord(stored, json: Array("[1]".utf8), event: .new, alsoIn: nil) == nil)
    }
}
