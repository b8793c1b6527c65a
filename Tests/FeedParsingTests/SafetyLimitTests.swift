import FeedModel
import FeedParsing
import FeedXML
import Foundation
import Testing

/// Hostile or broken input sizes and bytes: each document gives a feed or a named error within 2 s, never a crash
/// or a runaway allocation. The big inputs are generated here rather than committed.
@Suite struct SafetyLimitTests {
    /// Runs a parse, checking it finishes in time; returns the feed or the error. The 2 s bound is on this
    /// thread's CPU time (the parse is synchronous, so it stays on one thread): the whole suite runs tests in
    /// parallel on two shared cores, where wall time measures the neighbours. Wall time gets a loose sanity bound.
    private func timedParse(_ data: Data) -> Result<Feed, FeedParsingError> {
        let started = ContinuousClock.now
        let cpuStarted = Self.threadCPUSeconds()
        let result = Result { () throws(FeedParsingError) in try FeedParser().parse(data) }
        #expect(Self.threadCPUSeconds() - cpuStarted < 2)
        #expect(ContinuousClock.now - started < .seconds(20))
        return result
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test func hundredThousandNestedElements() {
        let depth = 100_000
        let document =
            "<rss version=\"2.0\"><channel><title>deep</title><item><title>t</title><description>"
            + String(repeating: "<div>", count: depth) + "x" + String(repeating: "</div>", count: depth)
            + "</description></item></channel></rss>"
        switch timedParse(Data(document.utf8)) {
        case .success(let feed):
            // libxml2 stops at its nesting limit (256 levels without XML_PARSE_HUGE): the channel title survives.
            #expect(feed.title == "deep")
            #expect(!feed.wellFormed)
        case .failure(let error):
            #expect(error.description.contains("could not be read"))
        }
    }

    @Test func fiftyMegabyteTextNode() {
        var document = Data("<rss version=\"2.0\"><channel><title>big</title><item><description>".utf8)
        document.append(Data(repeating: UInt8(ascii: "a"), count: 50 << 20))
        document.append(Data("</description></item></channel></rss>".utf8))
        switch timedParse(document) {
        case .success(let feed):
            #expect(feed.title == "big")
            // The reader cuts a text node at XMLPullReader.maximumTextLength: never 50 MB, and flagged.
            #expect((feed.items.first?.summary ?? "").utf8.count <= XMLPullReader.maximumTextLength)
            #expect(!feed.wellFormed)
        case .failure(let error):
            #expect(!error.description.isEmpty)
        }
    }

    @Test(
        arguments: [
            [0xFF, 0xFE, 0xFD],  // bytes that are never UTF-8
            [0xC3],  // a truncated two-byte sequence
            [0xED, 0xA0, 0x80],  // an encoded surrogate (RFC 3629 §3 forbids it)
            [0xF8, 0x88, 0x80, 0x80, 0x80],  // a five-byte form
        ] as [[UInt8]])
    func invalidUTF8(_ bad: [UInt8]) {
        var document = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>a".utf8)
        document.append(contentsOf: bad)
        document.append(Data("b</title><item><title>after</title></item></channel></rss>".utf8))
        switch timedParse(document) {
        case .success(let feed):
            #expect(feed.title?.hasPrefix("a") == true)
            #expect(feed.title?.hasSuffix("b") == true)
            #expect(feed.items.map(\.title) == ["after"])
        case .failure(let error):
            Issue.record("invalid UTF-8 lost the whole feed: \(error)")
        }
    }

    @Test func nulBytesInsideTextAreNotAFeedOrDropped() {
        // XML 1.0 §2.2 excludes U+0000; a NUL early in the document means binary data (a named error) …
        var early = Data("<rss version=\"2.0\"><channel><title>a".utf8)
        early.append(0)
        early.append(Data("b</title></channel></rss>".utf8))
        if case .failure(let error) = timedParse(early) {
            #expect(error.isNotAFeed)
        } else {
            Issue.record("a NUL in the first kilobyte should read as binary")
        }
        // … and one far into an otherwise good document costs at most the rest of the document, never a crash.
        var late = Data("<rss version=\"2.0\"><channel><title>t</title>".utf8)
        late.append(Data(String(repeating: "<item><title>ok</title></item>", count: 100).utf8))
        late.append(Data("<item><title>x".utf8))
        late.append(0)
        late.append(Data("y</title></item></channel></rss>".utf8))
        switch timedParse(late) {
        case .success(let feed):
            #expect(feed.items.count >= 100)
            #expect(!feed.wellFormed)
            #expect(!feed.items.contains { $0.title?.contains("\u{0}") == true })
        case .failure(let error):
            Issue.record("a late NUL lost the whole feed: \(error)")
        }
    }
}
