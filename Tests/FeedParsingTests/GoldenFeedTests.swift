import FeedModel
import FeedParsing
import Foundation
import Testing

/// Each `name.xml` in Tests/Fixtures/parsing parses to exactly `name.json` (FeedJSON, pretty), with the document
/// URL `http://example.org/feeds/main.xml`.
@Suite struct GoldenFeedTests {
    @Test(arguments: [
        "rss20", "rss10", "atom10", "atom03", "rss091", "relative-urls-xml-base", "content-encoded",
        "encoding-windows-1252", "encoding-iso-8859-1", "illformed-undeclared-nbsp", "illformed-truncated",
        "illformed-mismatched-tag", "encoding-utf8-with-stray-windows-1252",
        "encoding-utf-16le-bom", "rss-extensions", "rss-markup-in-plain-text", "categories-label-or-scheme",
        "rss-category-domain-only", "rss-webmaster", "rss-webmaster-after-creator", "atom03-dates",
    ])
    func parsesToGoldenJSON(_ name: String) throws {
        let (actual, expected) = try FixtureFiles.goldenJSON(of: name + ".xml", golden: name + ".json")
        #expect(actual == expected)
    }

    @Test func rssPollingHintsAreRead() throws {
        let feed = try FeedParser().parse(FixtureFiles.data("rss20.xml"))
        #expect(
            feed.pollingHints
                == PollingHints(
                    ttlMinutes: 60, skipHours: [0, 1], skipDays: ["Sunday"], updatePeriod: "hourly",
                    updateFrequency: 2))
    }

    @Test func illFormedDocumentsAreFlagged() throws {
        let nbsp = try FeedParser().parse(FixtureFiles.data("illformed-undeclared-nbsp.xml"))
        #expect(!nbsp.wellFormed)
        #expect(nbsp.title == "Café\u{A0}news © 2024")
        let truncated = try FeedParser().parse(FixtureFiles.data("illformed-truncated.xml"))
        #expect(!truncated.wellFormed)
        #expect(truncated.items.map(\.title) == ["One", "Two", "Thr"])
        let clean = try FeedParser().parse(FixtureFiles.data("rss20.xml"))
        #expect(clean.wellFormed)
    }

    @Test func httpCharsetOverridesTheDeclaration() throws {
        // RFC 7303 §3.2: the charset parameter wins over the XML declaration.
        let bytes = Data(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>caf\u{E9}</title></channel></rss>".utf8)
        var latin1 = Data()
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars { latin1.append(UInt8(scalar.value)) }
        let feed = try FeedParser().parse(latin1, contentType: "application/rss+xml; charset=ISO-8859-1")
        #expect(feed.title == "café")
        #expect(feed.encoding == "iso-8859-1")
    }
}

/// The parser is used from many scheduler tasks at once: libxml2 state must not leak between threads.
@Suite struct ConcurrentParsingTests {
    @Test func parallelParsesAgree() async throws {
        let documents = try ["rss20", "atom10", "illformed-mismatched-tag", "encoding-windows-1252"].map {
            try FixtureFiles.data($0 + ".xml")
        }
        let expected = try documents.map { try FeedParser().parse($0) }
        let results = await withTaskGroup(of: (Int, Feed?).self) { group in
            for round in 0..<64 {
                let index = round % documents.count
                let document = documents[index]
                group.addTask { (index, try? FeedParser().parse(document)) }
            }
            var collected: [(Int, Feed?)] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 64)
        for (index, feed) in results { #expect(feed == expected[index]) }
    }
}
