import Testing

@testable import FeedParsing

/// The scheme allowlist behind the sanitizer's URL attributes, read from the bytes as a browser reads a scheme
/// (WHATWG URL §4.4: ASCII controls and spaces skipped, a letter then letters, digits, `+`, `-`, `.`).
@Suite struct HTMLSanitizerSchemeTests {
    @Test(arguments: [
        // Allowed schemes, in any case.
        ("http://example.org/", true), ("HTTPS://example.org/javascript:x", true), ("mailto:a@example.org", true),
        ("tel:+1-555-0100", true), ("ftp://ftp.example.org/pub/", true), ("magnet:?xt=urn:btih:c12fe1", true),
        ("feed://example.org/rss", true), (" \thttp://example.org/", true),
        // Relative references: no `:` before a path, query or fragment, or no scheme a browser would read.
        ("/relative/javascript:", true), ("page.html", true), ("?q=javascript:x", true), ("#top:x", true),
        ("./javascript:x", true), ("", true), ("2024:review.html", true), ("jаvascript:x", true),  // a Cyrillic а
        ("\u{212A}data:x", true), ("javascript\u{7F}:x", true), ("java-script%3Ax", true),
        // Schemes that run code, spelled as a browser still reads them.
        ("javascript:alert(1)", false), (" JaVa\tScRiPt:alert(1)", false), ("\u{1}\u{1F}java\nscript:x", false),
        ("vbscript:msgbox", false), ("VBSCRIPT:x", false), ("data:image/svg+xml;base64,PHN2Zz4=", false),
        ("DATA:text/html,x", false), ("d a t a:x", false),
        // Every other scheme, harmless or not: only the allowlist passes.
        ("file:///etc/passwd", false), ("javascripts:x", false), ("java-script:x", false), ("xdata:x", false),
        ("intent://x#Intent;end", false), ("ms-settings:x", false), ("blob:https://example.org/x", false),
        ("httpx://example.org/", false), ("http+unix://x", false), (":", false), ("a:", false),
    ])
    func allowsURL(_ url: String, _ expected: Bool) {
        #expect(HTMLSanitizer.allowsURL(url) == expected)
    }
}
