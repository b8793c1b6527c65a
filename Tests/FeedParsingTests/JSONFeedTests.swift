import FeedModel
import FeedParsing
import Foundation
import Testing

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): each `name.input.json` parses to exactly `name.json`.
@Suite struct JSONFeedTests {
    @Test(arguments: ["json10", "json11"])
    func parsesToGoldenJSON(_ name: String) throws {
        let (actual, expected) = try FixtureFiles.goldenJSON(of: name + ".input.json", golden: name + ".json")
        #expect(actual == expected)
    }

    @Test func versionDecidesTheFormat() throws {
        let one = try FeedParser().parse(Data(#"{"version":"https://jsonfeed.org/version/1","items":[]}"#.utf8))
        #expect(one.format == .json10)
        let eleven = try FeedParser().parse(
            Data("\u{FEFF}\n {\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[]}".utf8))
        #expect(eleven.format == .json11)
    }

    @Test func numericIdsAndStringSizesAreRead() throws {
        let document = #"""
            {"version":"https://jsonfeed.org/version/1.1","items":[{"id":42,"content_text":"x",
             "attachments":[{"url":"http://a.example/x.mp3","size_in_bytes":"77"}]}]}
            """#
        let feed = try FeedParser().parse(Data(document.utf8))
        #expect(feed.items.first?.id == "42")
        #expect(feed.items.first?.attachments.first?.sizeInBytes == 77)
    }

    @Test(arguments: [
        #"{"title":"no version"}"#,
        #"{"version":"https://example.com/version/9","items":[]}"#,
        #"{"version":"https://jsonfeed.org/version/1","items":["#,
    ])
    func otherJSONIsRejectedWithACause(_ document: String) {
        #expect(throws: FeedParsingError.self) { try FeedParser().parse(Data(document.utf8)) }
    }

    @Test func jsonWithoutVersionIsNotAFeed() {
        do {
            _ = try FeedParser().parse(Data(#"{"title":"x"}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.isNotAFeed)
            #expect(error.description.contains("JSON Feed"))
        }
    }
}
