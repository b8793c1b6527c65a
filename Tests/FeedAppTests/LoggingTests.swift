import Testing

@testable import FeedApp

@Suite struct LoggingTests {
    @Test(arguments: [
        ("plain", "plain"), ("two words", "\"two words\""), ("a=b", "\"a=b\""), ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("", "\"\""), ("line\nbreak", "\"line\\nbreak\""),
    ])
    func logfmtQuotesWhatNeedsIt(value: String, written: String) {
        #expect(LogfmtLogHandler.quote(value) == written)
    }

    @Test func unknownLevelOrFormatIsAnError() {
        #expect(throws: FeedAppError.self) { try makeLogger(level: "loud") }
        #expect(throws: FeedAppError.self) { try makeLogger(level: "info", format: "xml") }
        #expect((try? makeLogger(level: "debug", format: "json"))?.logLevel == .debug)
    }
}
