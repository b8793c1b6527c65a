import FeedModel
import Foundation
import Testing

@testable import FeedApp

/// `feedd parse`'s writer must give exactly the bytes FeedJSON's encoder gives for the whole feed.
@Suite("Feed document JSON") struct FeedDocumentJSONTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/parsing")

    static func expectSame(_ feed: Feed, _ label: String) throws {
        let expected = Array(try FeedJSON.encoder().encode(feed))
        #expect(try FeedDocumentJSON.encode(feed) == expected, "\(label)")
    }

    @Test("every golden feed: the same bytes as JSONEncoder")
    func goldenFeeds() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.goldens.path).filter {
            $0.hasSuffix(".json")
        }
        #expect(names.count >= 20)
        for name in names {
            let data = try Data(contentsOf: Self.goldens.appendingPathComponent(name))
            guard let feed = try? JSONDecoder().decode(Feed.self, from: data) else { continue }
            try Self.expectSame(feed, name)
        }
    }

    @Test("text that looks like the items member, no items, and one item", arguments: [0, 1, 3])
    func lookalikes(items: Int) throws {
        var feed = Feed(title: #""items":[] and ,"items":[]"#, items: [])
        feed.description = #"{"items":[]}"#
        feed.items = (0..<items).map { Item(id: "i\($0)", title: #","items":[] \#($0)"#) }
        try Self.expectSame(feed, "\(items) items")
    }
}
