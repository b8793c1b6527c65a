import FeedFetching
import FeedParsing
import FeedWebSub
import Foundation
import Testing

/// Discovery over real parsed documents (Tests/Fixtures/websub) and `Link` header values.
@Suite struct HubDiscoveryTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/websub")

    struct Case: Sendable, CustomTestStringConvertible {
        var what: String
        var fixture: String
        var feedURL: String
        var responseURL: String? = nil
        var linkHeader: String? = nil
        var expected: HubDiscovery?

        var testDescription: String { what }
    }

    static let cases: [Case] = [
        Case(
            what: "Atom: relative hub resolved against xml:base, duplicates dropped, an entry's hub ignored",
            fixture: "atom-hub.xml", feedURL: "https://blog.example/feed.atom",
            expected: HubDiscovery(
                hubs: ["https://pubsubhubbub.appspot.com/", "https://blog.example/hub/"],
                topic: "https://blog.example/feed.atom", source: .document)),
        Case(
            what: "RSS 2.0 with atom:link hub and self", fixture: "rss-hub.xml", feedURL: "http://news.example/rss",
            expected: HubDiscovery(
                hubs: ["https://news.example/?pushpress=hub"], topic: "https://news.example/feed/", source: .document)),
        Case(what: "no hub anywhere", fixture: "rss-plain.xml", feedURL: "https://plain.example/feed", expected: nil),
        Case(
            what: "only http(s) hubs with a host, rel in any case, at most four; a non-web self gives the feed URL",
            fixture: "atom-hostile.xml", feedURL: "https://stranger.example/feed",
            expected: HubDiscovery(
                hubs: [
                    "http://hub-1.example/", "http://hub-2.example/", "http://hub-3.example/", "http://hub-4.example/",
                ],
                topic: "https://stranger.example/feed", source: .document)),
        Case(
            what: "Link headers on a feed without hubs: relative self resolved against the final URL",
            fixture: "rss-plain.xml", feedURL: "http://plain.example/old",
            responseURL: "https://plain.example/feed.xml",
            linkHeader: "<https://hub.example/>; rel=\"hub\", </feed.xml>; rel=\"self\"",
            expected: HubDiscovery(
                hubs: ["https://hub.example/"], topic: "https://plain.example/feed.xml", source: .linkHeaders)),
        Case(
            what: "Link headers win over the document; their topic is not mixed with the document's self",
            fixture: "atom-hub.xml", feedURL: "https://blog.example/feed.atom?via=config",
            linkHeader: "<https://header-hub.example/>; rel=\"Hub alternate\", <https://header-hub.example/>; rel=hub",
            expected: HubDiscovery(
                hubs: ["https://header-hub.example/"], topic: "https://blog.example/feed.atom?via=config",
                source: .linkHeaders)),
        Case(
            what: "Link headers naming only self, or only unusable hubs, leave the document to speak",
            fixture: "rss-hub.xml", feedURL: "https://news.example/feed/",
            linkHeader: "<https://elsewhere.example/feed>; rel=self, <ftp://hub.example/>; rel=hub",
            expected: HubDiscovery(
                hubs: ["https://news.example/?pushpress=hub"], topic: "https://news.example/feed/", source: .document)),
        Case(
            what: "a Link header anchored elsewhere is about another resource; one anchored here counts",
            fixture: "rss-plain.xml", feedURL: "https://plain.example/feed.xml",
            linkHeader: "<https://other-hub.example/>; rel=hub; anchor=\"/comments\", "
                + "<https://hub.example/>; rel=hub; anchor=\"https://plain.example/feed.xml\"",
            expected: HubDiscovery(
                hubs: ["https://hub.example/"], topic: "https://plain.example/feed.xml", source: .linkHeaders)),
    ]

    @Test(arguments: cases)
    func discovers(_ test: Case) throws {
        let responseURL = test.responseURL ?? test.feedURL
        let document = try Data(contentsOf: Self.fixtures.appendingPathComponent(test.fixture))
        let feed = try FeedParser().parse(document, url: responseURL)
        let discovery = HubDiscovery.discover(
            feedURL: test.feedURL, responseURL: responseURL, linkHeaders: test.linkHeader.map(WebLink.parse) ?? [],
            documentLinks: feed.links)
        #expect(discovery == test.expected)
    }
}
