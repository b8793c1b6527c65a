import FeedTesting
import Foundation
import Testing

@testable import FeedApp

/// The byte scan that accepts common feed URLs at once must never accept what URLComponents refuses: it may only
/// say yes earlier.
@Suite struct ConfigReaderURLTests {
    @Test(arguments: [
        ("http://127.0.0.1:8766/feeds/0000.xml", true), ("https://example.org/feed.xml", true),
        ("HTTPS://Example.ORG", true), ("https://a.example/p?q=1&r=a%2Fb#top", true),
        ("https://a-b.example/~user/(x)!$&'*+,;=:@/", true), ("https://example.org:65535/", true),
        ("https://example.org:65536/", false), ("https://example.org:/", false), ("https://user@example.org/", false),
        ("https://xn--bcher-kva.example/", false), ("https://-a.example/", false), ("https://a..example/", false),
        ("https://ex ample.org/", false), ("https://example.org/a b", false), ("https://example.org/%zz", false),
        ("https://example.org/#a#b", false), ("https://bücher.example/", false), ("https://[::1]/", false),
        ("ftp://example.org/", false), ("https:/example.org", false), ("https://", false), ("http\u{1A}//x.org", false),
    ])
    func plainForm(text: String, plain: Bool) {
        #expect(ConfigReader.isPlainWebURL(text) == plain)
        if plain { #expect(ConfigReader.isWebURLByComponents(text)) }
    }

    /// Random URL-like text from pieces chosen to sit on every edge of the scan.
    @Test func neverAcceptsWhatComponentsRefuses() {
        let schemes = ["http://", "HTTPS://", "https://", "ftp://", "http:/", "", "hTtP://"]
        let hosts = [
            "a", "example", "xn--", "-", ".", "127.0.0.1", "ü", "[::1]", "a_b", "%41", "ab--cd", "z9", "A", "@", "x:",
            String(repeating: "a", count: 63), String(repeating: "b", count: 64), "",
        ]
        let ports = ["", "", "", "", ":80", ":8766", ":", ":65536", ":0", ":99999", ":08", ":8a", "::1"]
        let tails = [
            "", "/", "/a b", "?q=1", "#f", "#a#b", "%zz", "%2F", "%2", "'", "!$&()*+,;=", "[", "]", "|", "{", "\\", "^",
            "`", "\"", "<", ">", "é", "~", "@", ":", "//", "?#", "\u{7F}", "\t",
        ]
        var random = SplitMix(seed: 20_261_206)
        var acceptedAtOnce = 0
        for _ in 0..<100_000 {
            var text = schemes.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                text += hosts.randomElement(using: &random)! + (Bool.random(using: &random) ? "." : "")
            }
            text += ports.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 0...3, using: &random) { text += tails.randomElement(using: &random)! }
            guard ConfigReader.isPlainWebURL(text) else {
                // The scan says no: URLComponents decides, which isWebURL asks in that case.
                #expect(ConfigReader.isWebURL(text) == ConfigReader.isWebURLByComponents(text))
                continue
            }
            acceptedAtOnce += 1
            #expect(ConfigReader.isWebURLByComponents(text), "\(text)")
        }
        #expect(acceptedAtOnce > 500, "the pieces should make many plain URLs")
    }
}
