import FeedModel
import FeedParsing
import Foundation

/// Locates `Tests/Fixtures/parsing/` from this source file (Package.swift declares no resources).
enum FixtureFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/parsing")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// The document URL every golden fixture is parsed with (the base for relative links).
    static let documentURL = "http://example.org/feeds/main.xml"

    /// The parser's pretty JSON of fixture `input`, parsed at ``documentURL``, beside the golden file `golden` it
    /// must equal (its final line break dropped).
    static func goldenJSON(of input: String, golden: String) throws -> (actual: String, expected: String) {
        let feed = try FeedParser().parse(data(input), url: documentURL)
        let actual = String(decoding: try FeedJSON.encoder(pretty: true).encode(feed), as: UTF8.self)
        let expected = String(decoding: try data(golden), as: UTF8.self)
        return (actual, expected.trimmingCharacters(in: .newlines))
    }
}
