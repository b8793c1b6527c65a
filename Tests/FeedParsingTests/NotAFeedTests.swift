import FeedParsing
import Foundation
import Testing

@Suite struct NotAFeedTests {
    @Test(arguments: [
        ("<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>", "HTML page"),
        ("", "empty"),
        ("   \n ", "empty"),
        ("<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>", "<opml>"),
    ])
    func isRejectedAsNotAFeed(_ document: String, _ phrase: String) {
        #expect {
            try FeedParser().parse(Data(document.utf8))
        } throws: { error in
            guard let error = error as? FeedParsingError else { return false }
            return error.isNotAFeed && error.description.contains(phrase)
        }
    }

    @Test func binaryDataIsNotAFeed() {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52])
        #expect(throws: FeedParsingError.self) { try FeedParser().parse(png) }
    }

    @Test func htmlFromTheFixtureIsNotAFeed() throws {
        let page = try FixtureFiles.data("not-a-feed.html")
        do {
            _ = try FeedParser().parse(page, url: "http://example.org/")
            Issue.record("an HTML page parsed as a feed")
        } catch {
            #expect(error.isNotAFeed)
            #expect(
                error.description
                    == "not a feed: the document is an HTML page linking to the feed http://example.org/feed.xml")
            #expect(error.candidates == ["http://example.org/feed.xml"])
        }
    }

    /// Only `rel` containing the `alternate` token and a feed `type` count; hrefs resolve against `<base href>`,
    /// itself resolved against the page URL; repeats are dropped.
    @Test func htmlPageNamesItsFeedCandidates() {
        let page = """
            <!DOCTYPE html><html><head><base href="/blog/">
            <link rel="stylesheet" type="text/css" href="style.css">
            <link rel="Alternate" type="application/rss+xml" title="RSS" href="rss.xml">
            <link rel="alternate feed" type="application/atom+xml; charset=utf-8" href="https://other.example/atom">
            <link rel="alternate" type="application/feed+json" href="feed.json">
            <link rel="alternate" type="text/html" href="/fr/">
            <link rel="alternate" type="application/rss+xml" href="rss.xml">
            <link rel="home" type="application/rss+xml" href="not-alternate.xml">
            </head><body><p>Hi</p></body></html>
            """
        do {
            _ = try FeedParser().parse(Data(page.utf8), url: "http://example.org/index.html")
            Issue.record("an HTML page parsed as a feed")
        } catch {
            #expect(error.isNotAFeed)
            #expect(
                error.candidates == [
                    "http://example.org/blog/rss.xml", "https://other.example/atom",
                    "http://example.org/blog/feed.json",
                ])
            #expect(error.description.contains("3 feeds"))
        }
    }

    @Test func htmlPageWithoutFeedLinksHasNoCandidates() {
        do {
            _ = try FeedParser().parse(Data("<html><body><p>nothing</p></body></html>".utf8), url: "http://a.example/")
            Issue.record("an HTML page parsed as a feed")
        } catch {
            #expect(error.candidates.isEmpty)
            #expect(error.description == "not a feed: the document is an HTML page")
        }
    }
}
