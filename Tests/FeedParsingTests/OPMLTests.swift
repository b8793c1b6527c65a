import FeedParsing
import Foundation
import Testing

@Suite("OPML subscription lists")
struct OPMLTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opml")

    static func read(_ name: String) throws -> OPMLDocument {
        try OPMLDocument(bytes: Array(Data(contentsOf: fixtures.appendingPathComponent(name))))
    }

    /// What each tool's export must give: (file, its title, tags per feed in document order).
    @Test(
        "the exports of Miniflux, newsboat, FreshRSS and Feedly read as the same three feeds",
        arguments: [
            ("miniflux.opml", "Miniflux", [["All"], ["Research"], ["Research"]]),
            ("newsboat.opml", "newsboat - Exported Feeds", [[], [], []]),
            ("freshrss.opml", "FreshRSS", [["Uncategorized"], ["Research"], ["Research"]]),
            (
                "feedly.opml", "Reader subscriptions in feedly Cloud",
                [["Uncategorized"], ["Research"], ["Research", "Favourites"]]
            ),
        ])
    func foreignExports(file: String, title: String, tags: [[String]]) throws {
        let document = try Self.read(file)
        #expect(document.title == title)
        #expect(
            document.subscriptions.map(\.url) == [
                "https://lab.example.org/feed.xml", "https://papers.example.net/atom",
                "https://code.example.com/releases.atom",
            ])
        #expect(document.subscriptions.map(\.title) == ["Lab Notes", "Papers & Preprints", "Releases"])
        #expect(document.subscriptions.map(\.tags) == tags)
        #expect(document.subscriptions[1].homePageURL == "https://papers.example.net/")
    }

    @Test("an empty htmlUrl is no home page; a feed listed twice is kept once with both folders as tags")
    func emptyAndRepeated() throws {
        #expect(try Self.read("newsboat.opml").subscriptions[2].homePageURL == nil)
        #expect(try Self.read("feedly.opml").subscriptions.count == 3)
    }

    @Test("nested folders and the category attribute become tags, outermost first")
    func nestedFolders() throws {
        let xml = """
            <opml version="2.0"><head><title>t</title></head><body>
              <outline text="News"><outline title="World">
                <outline text="A" xmlURL="https://a.example/feed" category="/Daily,Europe/Politics"/>
              </outline></outline>
              <outline text="B" xmlurl="https://b.example/feed"/>
            </body></opml>
            """
        let document = try OPMLDocument(bytes: Array(xml.utf8))
        #expect(document.subscriptions.map(\.url) == ["https://a.example/feed", "https://b.example/feed"])
        #expect(document.subscriptions[0].tags == ["News", "World", "Daily", "Europe/Politics"])
        #expect(document.subscriptions[1].tags == [])
    }

    @Test("writing is byte-stable: write → read → write gives the same bytes, keeping titles, pages and tags")
    func roundTrip() throws {
        let original = OPMLDocument(
            title: "Mine",
            subscriptions: [
                OPMLSubscription(url: "https://x.example/rss?a=1&b=2", title: "X <&> \"quoted\""),
                OPMLSubscription(
                    url: "https://y.example/atom", title: "Y", homePageURL: "https://y.example/", tags: ["b", "a"]),
                OPMLSubscription(url: "https://z.example/feed", tags: ["a"]),
            ])
        let written = original.xml
        let read = try OPMLDocument(bytes: Array(written.utf8))
        #expect(read.xml == written)
        #expect(read.title == "Mine")
        // Grouped by first tag: untagged first, then folder "b", then folder "a".
        #expect(read.subscriptions.map(\.url) == original.subscriptions.map(\.url))
        #expect(read.subscriptions[0].title == "X <&> \"quoted\"")
        #expect(read.subscriptions[1].tags == ["b", "a"])
        #expect(read.subscriptions[1].homePageURL == "https://y.example/")
        // A feed without a title is written with its URL as the required text, and reads back untitled.
        #expect(read.subscriptions[2].title == nil)
        #expect(written.contains("<outline type=\"rss\" text=\"https://z.example/feed\" xmlUrl="))
    }

    @Test("a document that is not OPML is a clear error")
    func notOPML() {
        #expect(throws: OPMLError.self) { try OPMLDocument(bytes: Array("<rss version=\"2.0\"/>".utf8)) }
    }
}
