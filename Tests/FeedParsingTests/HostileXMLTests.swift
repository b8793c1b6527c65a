import FeedParsing
import Foundation
import Testing

/// Hostile documents: entity expansion attacks and external entities must neither blow up nor leak files.
@Suite struct HostileXMLTests {
    @Test func billionLaughsStaysSmall() throws {
        var dtd = "<!ENTITY lol \"lol\">\n<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        for level in 2...9 {
            let previous = "&lol\(level - 1);"
            dtd += "<!ENTITY lol\(level) \"\(String(repeating: previous, count: 10))\">\n"
        }
        let document =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n\(dtd)]>\n"
            + "<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>after</title></item></channel></rss>"
        let started = ContinuousClock.now
        // libxml2 refuses the entity amplification outright; whatever it keeps must be small, and quick.
        do {
            let feed = try FeedParser().parse(Data(document.utf8))
            #expect((feed.title ?? "").utf8.count < 1000)
            #expect(!feed.wellFormed)
        } catch {
            #expect(!error.description.isEmpty)
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func quadraticBlowupIsBounded() throws {
        let big = String(repeating: "x", count: 100_000)
        let references = String(repeating: "&big;", count: 20_000)
        let document =
            "<!DOCTYPE rss [<!ENTITY big \"\(big)\">]>"
            + "<rss version=\"2.0\"><channel><title>\(references)</title></channel></rss>"
        let started = ContinuousClock.now
        let feed = try FeedParser().parse(Data(document.utf8))
        #expect(ContinuousClock.now - started < .seconds(5))
        // 20 000 × 100 000 bytes would be 2 GB; the reader's 1 MiB budget keeps it to a few hundred kilobytes.
        #expect((feed.title ?? "").utf8.count <= 1 << 20)
        #expect(!feed.wellFormed)
    }

    @Test(arguments: [
        "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + "<rss version=\"2.0\"><channel><title>leak:&xxe;</title></channel></rss>",
        "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>"
            + "<rss version=\"2.0\"><channel><title>leak:</title></channel></rss>",
        "<!DOCTYPE rss SYSTEM \"file:///etc/passwd\">"
            + "<rss version=\"2.0\"><channel><title>leak:</title></channel></rss>",
    ])
    func externalEntitiesAreNeverRead(_ document: String) throws {
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let firstLine = String(passwd.split(separator: "\n").first ?? "root:x:0:0")
        let feed = try FeedParser().parse(Data(document.utf8))
        let json = String(decoding: try JSONEncoderForTests.encode(feed), as: UTF8.self)
        #expect(!json.contains(firstLine))
        #expect(!json.contains("root:"))
        #expect(feed.title?.hasPrefix("leak:") == true)
    }

    @Test func declaredInternalTextEntitiesExpand() throws {
        let document =
            "<!DOCTYPE rss [<!ENTITY id \"tag:example.com,\">]>"
            + "<rss version=\"2.0\"><channel><item><guid isPermaLink=\"false\">&id;2006:1</guid></item></channel></rss>"
        let feed = try FeedParser().parse(Data(document.utf8))
        #expect(feed.items.first?.id == "tag:example.com,2006:1")
        #expect(feed.wellFormed)
    }
}
