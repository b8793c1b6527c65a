import FeedModel
import FeedStorage
import Foundation

/// A parsed feed as `feedd parse` prints it: the bytes `FeedJSON.encoder()` gives for the whole `Feed`, with the
/// items written by ``ItemJSON`` (byte-equal to the encoder's, and most of the document) and only the feed's own
/// members through the encoder.
///
/// The feed without items encodes its `items` member as `"items":[]` at its sorted place; that text can only be the
/// member (a `"` inside a string value is always escaped), so the items are written in between.
enum FeedDocumentJSON {
    /// The feed's JSON, compact (`--pretty` goes through the encoder alone).
    static func encode(_ feed: Feed) throws -> [UInt8] {
        var shell = feed
        shell.items = []
        let head = Array(try FeedJSON.encoder().encode(shell))
        guard let at = itemsMember(in: head) else {
            return Array(try FeedJSON.encoder().encode(feed))
        }
        var out: [UInt8] = []
        out.reserveCapacity(head.count + feed.items.count * 2048)
        out += head[..<(at + emptyItems.count - 1)]
        for (index, item) in feed.items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            // Each item into a buffer of its own: ItemJSON's nested objects start writers of their own over the
            // buffer they are given, which would copy the whole document so far at each one.
            out += ItemJSON.encode(item)
        }
        out += head[(at + emptyItems.count - 1)...]
        return out
    }

    /// `"items":[]`, the member an item-less feed encodes.
    static let emptyItems = Array(#""items":[]"#.utf8)

    /// Where `"items":[]` starts in the encoded shell, after the `{` or `,` that opens a member.
    static func itemsMember(in json: [UInt8]) -> Int? {
        guard json.count > emptyItems.count else { return nil }
        for start in 1...(json.count - emptyItems.count) where json[start] == emptyItems[0] {
            let before = json[start - 1]
            guard before == UInt8(ascii: "{") || before == UInt8(ascii: ",") else { continue }
            if json[start..<(start + emptyItems.count)].elementsEqual(emptyItems) { return start }
        }
        return nil
    }
}

extension Application {
    /// `feedd parse`'s JSON of a feed: compact through ``FeedDocumentJSON``, indented through the encoder.
    public static func documentJSON(_ feed: Feed, pretty: Bool) throws -> [UInt8] {
        pretty ? Array(try FeedJSON.encoder(pretty: true).encode(feed)) : try FeedDocumentJSON.encode(feed)
    }
}
