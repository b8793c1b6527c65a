import FeedParsing
import Foundation
import Testing

/// Documents labelled UTF-8 that are not: stray windows-1252 punctuation is mended byte by byte, anything else
/// makes the whole document single-byte (windows-1252, or ISO-8859-2 where windows-1252 has holes).
@Suite struct UTF8RepairTests {
    private func parse(_ title: [UInt8]) throws -> (title: String?, encoding: String?, wellFormed: Bool?) {
        let document =
            Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>".utf8) + title
            + Array("</title></channel></rss>".utf8)
        let feed = try FeedParser().parse(Data(document))
        return (feed.title, feed.encoding, feed.wellFormed)
    }

    @Test(arguments: [
        // café (valid UTF-8) and curly quotes pasted as windows-1252 bytes: only the strays change.
        ([0x63, 0x61, 0x66, 0xC3, 0xA9, 0x20, 0x93, 0x71, 0x94], "café \u{201C}q\u{201D}", "utf-8"),
        // A Latin-1 letter (0xE9) is no punctuation: the document was never UTF-8; windows-1252 defines every byte.
        ([0x63, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x71, 0x94], "café \u{201C}q\u{201D}", "windows-1252"),
        // 0x9D is undefined in windows-1252: ISO-8859-2 (0xA9 is Š there), C1 bytes read as windows-1252's.
        ([0xE2, 0x80, 0x99, 0x9D, 0xA9], "â€™\u{9D}Š", "iso-8859-2"),
    ])
    func decides(_ bytes: [UInt8], _ title: String, _ encoding: String) throws {
        let result = try parse(bytes)
        #expect(result.title == title)
        #expect(result.encoding == encoding)
        #expect(result.wellFormed == false)
    }

    @Test func validUTF8IsLeftAlone() throws {
        let result = try parse(Array("café ’q”".utf8))
        #expect(result.title == "café ’q”")
        #expect(result.encoding == "utf-8")
        #expect(result.wellFormed == true)
    }
}
