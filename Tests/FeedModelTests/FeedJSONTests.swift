import FeedModel
import Foundation
import Testing

@Suite struct FeedJSONTests {
    @Test func omitsAbsentFieldsAndEmptyListsButKeepsEmptyText() throws {
        let feed = Feed(format: .rss20, title: "T", description: "", items: [Item(id: "1", tags: [])])
        let json = String(decoding: try FeedJSON.encoder().encode(feed), as: UTF8.self)
        #expect(json == #"{"description":"","format":"rss20","items":[{"id":"1"}],"title":"T","well_formed":true}"#)
    }

    /// feedparser's `version` names, which the conformance harness compares, for every format.
    static let formatNames: [(FeedFormat, String)] = [
        (.rss, "rss"), (.rss090, "rss090"), (.rss091u, "rss091u"), (.rss092, "rss092"), (.rss093, "rss093"),
        (.rss094, "rss094"), (.rss10, "rss10"), (.rss20, "rss20"), (.atom, "atom"), (.atom01, "atom01"),
        (.atom02, "atom02"), (.atom03, "atom03"), (.atom10, "atom10"), (.json10, "json10"), (.json11, "json11"),
    ]

    @Test(arguments: formatNames)
    func formatIsWrittenWithFeedparsersName(format: FeedFormat, name: String) throws {
        let json = String(decoding: try FeedJSON.encoder().encode(Feed(format: format)), as: UTF8.self)
        #expect(json == #"{"format":"\#(name)","items":[],"well_formed":true}"#)
        #expect(try JSONDecoder().decode(Feed.self, from: Data(json.utf8)).format == format)
    }

    @Test func everyFormatHasItsName() {
        #expect(Set(Self.formatNames.map(\.0)) == Set(FeedFormat.allCases))
    }

    @Test func roundTripsEveryField() throws {
        let item = Item(
            id: "tag:x,2004:1", url: "http://example.org/1", title: "A & B", titleType: "html", summary: "s",
            summaryType: "html", contentHTML: "<p>x</p>", contentText: "x",
            authors: [Person(name: "Jane", email: "j@x")],
            datePublished: Date(timeIntervalSince1970: 1_072_986_501), tags: ["a"],
            categories: [Category(term: "news", scheme: "http://s")],
            attachments: [Attachment(url: "http://example.org/a.mp3", mimeType: "audio/mpeg", sizeInBytes: 12345)],
            links: [Link(href: "http://example.org/1", rel: "alternate")], commentsURL: "http://c",
            source: ItemSource(title: "S", feedURL: "http://s/feed"))
        let feed = Feed(
            format: .atom10, title: "F", homePageURL: "http://example.org/", language: "en",
            dateModified: Date(timeIntervalSince1970: 1_031_356_801), generator: Generator(name: "g"),
            image: FeedImage(url: "http://i"), encoding: "utf-8", wellFormed: false, items: [item])
        let data = try FeedJSON.encoder().encode(feed)
        let decoded = try JSONDecoder().decode(Feed.self, from: data)
        #expect(decoded == feed)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""date_published":"2004-01-01T19:48:21Z""#))
        #expect(text.contains(#""size_in_bytes":12345"#))
        #expect(text.contains(#""url":"http://example.org/a.mp3""#), "slashes are not escaped")
    }
}
