import FeedModel
import Foundation
import Testing

@testable import FeedStorage

/// ItemJSON must write exactly the bytes FeedJSON's JSONEncoder writes for an item: stored items written by either
/// are compared as text (an edit is told by its content hash, but dumps and goldens pin the JSON).
@Suite("Item JSON writer") struct ItemJSONTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every item of the parser's golden outputs (Tests/Fixtures/parsing/*.json, FeedJSON of whole feeds).
    static func goldenItems() throws -> [(String, Item)] {
        let folder = fixtures.appendingPathComponent("parsing")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        var items: [(String, Item)] = []
        for name in names.sorted() {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            guard let feed = try? JSONDecoder().decode(Feed.self, from: data) else { continue }
            items += feed.items.enumerated().map { ("\(name)#\($0.offset)", $0.element) }
        }
        return items
    }

    func expectSame(_ item: Item, _ label: String) throws {
        let expected = String(decoding: try FeedJSON.encoder().encode(item), as: UTF8.self)
        let written = String(decoding: ItemJSON.encode(item), as: UTF8.self)
        #expect(written == expected, "\(label)")
    }

    @Test("every golden fixture item and every labelled story item: the same bytes as JSONEncoder")
    func fixtures() throws {
        let golden = try Self.goldenItems()
        #expect(golden.count >= 20)
        for (label, item) in golden { try expectSame(item, label) }
        for feed in try LabelledFeed.load() {
            for entry in feed.items { try expectSame(entry.item, entry.id) }
        }
    }

    /// Each kind of character an escaper can get wrong, in every string field and nested object.
    static let oddStrings: [String] = [
        "", "plain", "quote \" and backslash \\ and slash / and </script>",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}",
        "crlf \r\n as one Character, tab\there, form\u{0C}feed, back\u{08}space",
        "non-BMP 🎉👩‍👩‍👧 and U+2028 \u{2028} U+2029 \u{2029} and e\u{301} combining, NUL \u{0} inside",
        "Ünïcode — “quotes” ½ 日本語",
    ]

    @Test("odd strings in every field", arguments: oddStrings)
    func oddString(_ text: String) throws {
        let person = Person(name: text, email: text, url: text)
        let item = Item(
            id: text, url: text, title: text, titleType: text, summary: text, summaryType: text, contentHTML: text,
            contentType: text, contentText: text, contentSource: text, authors: [person, Person()],
            contributors: [person], datePublished: Date(timeIntervalSince1970: 1_700_000_000.25),
            dateModified: Date(timeIntervalSince1970: -86_400), tags: [text, "b"],
            categories: [Category(term: text, scheme: text, label: text), Category(term: "")],
            attachments: [
                Attachment(url: text, mimeType: text, sizeInBytes: Int64.max, title: text),
                Attachment(url: "u", sizeInBytes: -1),
            ],
            links: [Link(href: text, rel: text, type: text, title: text, length: text, hreflang: text)],
            language: text, rights: text, rightsType: text, image: text, commentsURL: text,
            source: ItemSource(title: text, feedURL: text, homePageURL: text, id: text))
        try expectSame(item, text.debugDescription)
    }

    @Test("absent fields and empty lists are omitted; an empty source is an empty object")
    func omissions() throws {
        try expectSame(Item(), "empty item")
        try expectSame(Item(source: ItemSource()), "empty source")
        #expect(String(decoding: ItemJSON.encode(Item()), as: UTF8.self) == "{}")
    }

    /// An item with every field of `Item` and of the parts it holds set, each to a value of its own.
    static let everyField = Item(
        id: "id", url: "url", title: "title", titleType: "title_type", summary: "summary",
        summaryType: "summary_type", contentHTML: "content_html", contentType: "content_type",
        contentText: "content_text", contentSource: "content_src",
        authors: [Person(name: "author", email: "author@example.org", url: "author_url")],
        contributors: [Person(name: "contributor", email: "contributor@example.org", url: "contributor_url")],
        datePublished: Date(timeIntervalSince1970: 1_700_000_000.25),
        dateModified: Date(timeIntervalSince1970: -86_400),
        tags: ["tag"], categories: [Category(term: "term", scheme: "scheme", label: "label")],
        attachments: [
            Attachment(
                url: "enclosure", mimeType: "audio/mpeg", sizeInBytes: 1_234, title: "episode", durationInSeconds: 60)
        ],
        links: [Link(href: "href", rel: "alternate", type: "text/html", title: "link", length: "42", hreflang: "en")],
        language: "language", rights: "rights", rightsType: "rights_type", image: "image", commentsURL: "comments_url",
        source: ItemSource(title: "source", feedURL: "feed_url", homePageURL: "home_page_url", id: "source_id"),
        commentsCount: 7, commentsFeedURL: "comments_feed_url", datePublishedRaw: "date_published_raw",
        dateModifiedRaw: "date_modified_raw")

    /// The paths of the stored properties in `value`, nested ones included, that are nil, empty or blank.
    static func unsetFields(_ value: Any, path: String) -> [String] {
        if let text = value as? String { return text.isEmpty ? [path] : [] }
        if value is Date || value is any BinaryInteger { return [] }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return [path] }
            return unsetFields(wrapped, path: path)
        case .collection:
            guard !mirror.children.isEmpty else { return [path] }
            return mirror.children.enumerated().flatMap { unsetFields($0.element.value, path: "\(path)[\($0.offset)]") }
        default:
            return mirror.children.flatMap { unsetFields($0.value, path: path + "." + ($0.label ?? "?")) }
        }
    }

    /// One place pins the three that know an item's fields (`Item`, `Item+Codable`, ``ItemJSON``): a field added to
    /// `Item` fails here until this item sets it, then until the Codable conformance round-trips it and ItemJSON
    /// writes the same bytes as JSONEncoder.
    @Test("every field of an item: set here, encoded and decoded by Codable, written alike by ItemJSON")
    func everyFieldOfAnItem() throws {
        let item = Self.everyField
        #expect(Self.unsetFields(item, path: "item") == [])
        let encoded = try FeedJSON.encoder().encode(item)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object.count == Mirror(reflecting: item).children.count)
        #expect(try JSONDecoder().decode(Item.self, from: encoded) == item)
        try expectSame(item, "every field")
    }
}
