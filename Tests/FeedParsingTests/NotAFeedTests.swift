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
            #expect(error.description == "not a feed: the document is an HTML page")
        }
    }
}
