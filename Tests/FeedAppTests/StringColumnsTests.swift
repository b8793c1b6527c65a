import FeedApp
import Foundation
import Testing

/// The status table's and the configuration reader's text helpers give Foundation's own results, compared byte for
/// byte (`==` on strings would accept a canonically equivalent spelling).
@Suite struct StringColumnsTests {
    static let texts = [
        "", " ", "\t", "\t a b \t", "abc", "  lead", "trail  ", "\u{00A0}no-break\u{00A0}",
        "\u{3000}ideographic\u{3000}",
        "\u{2009}thin\u{202F}", "line\n", "\nline", "\r\n", " é ", "e\u{301} ", " \u{301}x", "party 🎉 ", "🎉",
        "failed (503) ×3 ", "\u{200B}zero width\u{200B}", "a → b", "\u{1680}ogham", "\u{FEFF}bom ",
        "https://example.org/feed.xml", " https://example.org/ü?q=1 ",
    ]

    /// Every ASCII character, and a few others, at both ends.
    static let edges =
        (0...0x7F).map { " \(Character(Unicode.Scalar(UInt8($0))))x\(Character(Unicode.Scalar(UInt8($0)))) " }
        + ["\u{85}a\u{85}", "\u{2028}a\u{2029}", "\u{205F}a\u{2060}"]

    @Test(arguments: texts + edges)
    func trimmingIsFoundations(text: String) {
        #expect(Array(text.trimmingWhitespace().utf8) == Array(text.trimmingCharacters(in: .whitespaces).utf8))
    }

    @Test(arguments: texts)
    func paddingIsFoundations(text: String) {
        // Shorter, as long as and longer than the text, counted in characters and in UTF-16 units alike.
        for width in 0...(text.utf16.count + 3) {
            let foundation = text.padding(toLength: width, withPad: " ", startingAt: 0)
            #expect(Array(text.paddingWithSpaces(to: width).utf8) == Array(foundation.utf8), "width \(width)")
        }
    }
}
