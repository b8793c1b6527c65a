import Testing

@testable import FeedParsing

/// The scheme test behind the sanitizer's URL checks, read from the bytes: what a browser would run (WHATWG URL
/// §4.4 skips ASCII controls and spaces while reading a scheme), nothing else.
@Suite struct HTMLSanitizerSchemeTests {
    @Test(arguments: [
        ("javascript:alert(1)", true), (" JaVa\tScRiPt:alert(1)", true), ("\u{1}\u{1F}java\nscript:x", true),
        ("vbscript:msgbox", true), ("VBSCRIPT:x", true), ("data:image/svg+xml;base64,PHN2Zz4=", true),
        ("DATA:text/html,x", true), ("javascript", true), ("d a t a:x", true),
        ("http://example.org/", false), ("https://example.org/javascript:x", false), ("/relative/javascript:", false),
        ("javascripts:x", false), ("java-script:x", false), ("dat:a", false), ("xdata:x", false),
        ("jаvascript:x", false),  // a Cyrillic а
        ("\u{212A}data:x", false), ("", false), (":", false), ("javascript\u{7F}:x", false),
    ])
    func runsCode(_ url: String, _ expected: Bool) {
        #expect(HTMLSanitizer.runsCode(url) == expected)
    }
}
