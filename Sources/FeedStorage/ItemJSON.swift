import FeedModel
import Foundation

/// An item's feed JSON written straight into UTF-8 bytes: the same bytes as `FeedJSON.encoder()` gives for
/// `Item` (keys sorted, slashes unescaped, absent fields and empty lists omitted, dates as ``Timestamp``).
///
/// Why not `JSONEncoder`: the store encodes every new item inside `commit` and `feedd dump` writes every item, and
/// Foundation's encoder (a boxed value tree, then a sort of every object's keys) cost more than all of SQLite's
/// work for an item. Here the keys are written in their sorted order by hand (byte order; every key is lower-case
/// ASCII with `_`, where Foundation's sorted order is the same), so nothing is built but the output.
/// ItemJSONTests compares the two on every fixture item and on strings with every kind of character that needs
/// care.
public enum ItemJSON {
    /// The item as FeedJSON encodes it.
    public static func encode(_ item: Item) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + (item.contentHTML?.utf8.count ?? 0) + (item.summary?.utf8.count ?? 0))
        append(item, to: &out)
        return out
    }

    /// Appends the item's JSON object to `out`.
    public static func append(_ item: Item, to out: inout [UInt8]) {
        var object = ObjectWriter(out: out)
        out = []
        object.list("attachments", item.attachments, append)
        object.list("authors", item.authors, append)
        object.list("categories", item.categories, append)
        object.integer("comments_count", item.commentsCount)
        object.string("comments_feed_url", item.commentsFeedURL)
        object.string("comments_url", item.commentsURL)
        object.string("content_html", item.contentHTML)
        object.string("content_src", item.contentSource)
        object.string("content_text", item.contentText)
        object.string("content_type", item.contentType)
        object.list("contributors", item.contributors, append)
        object.string("date_modified", item.dateModified.map(Timestamp.format))
        object.string("date_modified_raw", item.dateModifiedRaw)
        object.string("date_published", item.datePublished.map(Timestamp.format))
        object.string("date_published_raw", item.datePublishedRaw)
        object.string("id", item.id)
        object.string("image", item.image)
        object.string("language", item.language)
        object.list("links", item.links, append)
        object.string("rights", item.rights)
        object.string("rights_type", item.rightsType)
        if let source = item.source {
            object.key("source")
            append(source, to: &object.out)
        }
        object.string("summary", item.summary)
        object.string("summary_type", item.summaryType)
        object.list("tags", item.tags) { appendString($0, to: &$1) }
        object.string("title", item.title)
        object.string("title_type", item.titleType)
        object.string("url", item.url)
        out = object.close()
    }

    /// Appends `text` as a JSON string (RFC 8259 §7) escaped as Foundation's `JSONEncoder` does with
    /// `.withoutEscapingSlashes`: `"` and `\`, the short forms `\b \f \n \r \t`, other control characters as
    /// `\u00xx` (lower-case hex); everything else, "/" and non-ASCII included, as its own UTF-8 bytes.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < UInt8(ascii: " ") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                    continue
                }
                if start < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                start = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case UInt8(ascii: "\u{08}"): out.append(UInt8(ascii: "b"))
                case UInt8(ascii: "\u{0C}"): out.append(UInt8(ascii: "f"))
                case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
                default:
                    out += [
                        UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)],
                        hexDigits[Int(byte & 0xF)],
                    ]
                }
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func append(_ attachment: Attachment, to out: inout [UInt8]) {
        var object = ObjectWriter(out: out)
        out = []
        object.integer("duration_in_seconds", attachment.durationInSeconds)
        object.string("mime_type", attachment.mimeType)
        object.integer("size_in_bytes", attachment.sizeInBytes)
        object.string("title", attachment.title)
        object.string("url", attachment.url)
        out = object.close()
    }

    private static func append(_ person: Person, to out: inout [UInt8]) {
        appendObject([("email", person.email), ("name", person.name), ("url", person.url)], to: &out)
    }

    private static func append(_ category: Category, to out: inout [UInt8]) {
        appendObject([("label", category.label), ("scheme", category.scheme), ("term", category.term)], to: &out)
    }

    private static func append(_ link: Link, to out: inout [UInt8]) {
        appendObject(
            [
                ("href", link.href), ("hreflang", link.hreflang), ("length", link.length), ("rel", link.rel),
                ("title", link.title), ("type", link.type),
            ], to: &out)
    }

    private static func append(_ source: ItemSource, to out: inout [UInt8]) {
        appendObject(
            [
                ("feed_url", source.feedURL), ("home_page_url", source.homePageURL), ("id", source.id),
                ("title", source.title),
            ], to: &out)
    }

    /// An object of string members, given in sorted order; absent ones are omitted.
    private static func appendObject(_ members: [(StaticString, String?)], to out: inout [UInt8]) {
        var object = ObjectWriter(out: out)
        out = []
        for (name, value) in members { object.string(name, value) }
        out = object.close()
    }

    /// One JSON object being written: members in the order they are given, commas between them (the poll state's
    /// hints are written with it too).
    struct ObjectWriter {
        var out: [UInt8]
        var first = true

        init(out: [UInt8]) {
            self.out = out
            self.out.append(UInt8(ascii: "{"))
        }

        mutating func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out += [UInt8(ascii: "\""), UInt8(ascii: ":")]
        }

        mutating func integer(_ name: StaticString, _ value: (some BinaryInteger)?) {
            guard let value else { return }
            key(name)
            out += String(value).utf8
        }

        mutating func string(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            ItemJSON.appendString(value, to: &out)
        }

        /// A non-empty list; an empty one is omitted, as FeedJSON omits it.
        mutating func list<T>(_ name: StaticString, _ values: [T], _ element: (T, inout [UInt8]) -> Void) {
            guard !values.isEmpty else { return }
            key(name)
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element(value, &out)
            }
            out.append(UInt8(ascii: "]"))
        }

        consuming func close() -> [UInt8] {
            out.append(UInt8(ascii: "}"))
            return out
        }
    }
}
