import FeedModel
import Foundation
import Testing

@testable import FeedParsing

/// The byte-level fast path for the two common date shapes must read every date it accepts to the instant the
/// general scanners give, and leave every other shape to them.
@Suite struct FeedDateCommonTests {
    @Test(arguments: [
        "Sun, 29 Nov 2026 06:00:00 GMT", "Sun, 29 Nov 2026 06:00:00 +0000", "Mon, 02 Mar 2026 23:59:59 -0930",
        "Tue, 3 Feb 2026 01:02:03 +0545", "29 Nov 2026 06:00:00 -0500", "5 Jan 1999 12:00:00 UT",
        "wed, 01 jan 2025 00:00:00 UTC", "THU, 31 DEC 2099 24:00:00 Z", "Fri, 30 Feb 2026 10:00:00 GMT",
        "Sun, 29 Nov 2026 06:00:00 EST", "Sun, 29 Nov 2026 06:00:00 edt", "Sun, 29 Nov 2026 06:00:00 AKST",
        "Sun, 29 Nov 2026 06:00:00 A", "Sun, 29 Nov 2026 06:00:00 gmt", "Sun, 29 Nov 2026 06:00:00 MeSt",
    ])
    func rfc822AgreesWithTheGeneralScanner(_ text: String) throws {
        let fast = try #require(FeedDate.parseCommon(text))
        #expect(fast == FeedDate.parseRFC822(text))
    }

    @Test(arguments: [
        "2026-11-29T06:00:00Z", "2026-11-29T06:00Z", "2026-11-29T06:00+02:00", "2026-11-29T06:00:59-11:30",
        "2026-11-29T06:00:00.123456Z", "2026-11-29T06:00:00.5+01:00", "1970-01-01T00:00:00.000000001Z",
        "2024-02-29T24:00:00Z",
    ])
    func rfc3339AgreesWithTheGeneralScanner(_ text: String) throws {
        let fast = try #require(FeedDate.parseCommon(text))
        #expect(fast == FeedDate.parseISO8601(text))
    }

    /// Shapes the fast path must not read: the general scanners decide (a month name where the weekday goes,
    /// zone names it does not know or a named zone in an RFC 3339 date, missing seconds, out-of-range fields,
    /// lower-case separators).
    @Test(arguments: [
        "Jan, 29 Nov 2026 06:00:00 GMT", "Sun, 29 Nov 2026 06:00:00 XYZ", "Sun, 29 Nov 2026 06:00:00 Q1",
        "Sun, 29 Nov 2026 06:00:00 EST5EDT", "2026-11-29T06:00:00EST", "Sun, 29 Nov 2026 06:00 GMT",
        "Sun, 29 November 2026 06:00:00 GMT", "Sun, 29 Nov 26 06:00:00 GMT", "Sun, 29 Nov 2026 06:00:00 +00:00",
        "2026-11-29t06:00:00Z", "2026-11-29 06:00:00Z", "2026-11-29T06:00:00", "2026-13-29T06:00:00Z",
        "2026-11-29T06:00:00+0200", "Sun, 29 Nov 2026 06:00:00 GMT extra", "",
    ])
    func otherShapesAreLeftToTheGeneralScanners(_ text: String) {
        #expect(FeedDate.parseCommon(text) == nil)
    }

    /// `parse` trims before it tries the fast path, and the two agree on the instant. (The general scanners give
    /// the same answer, so this cannot show which path ran; the tests above call the fast path directly.)
    @Test func parseTrimsAndAgreesWithTheFastPath() throws {
        let date = try #require(FeedDate.parse("  Sun, 29 Nov 2026 06:00:00 +0100\n"))
        #expect(Timestamp.format(date) == "2026-11-29T05:00:00Z")
        #expect(FeedDate.parseCommon("Sun, 29 Nov 2026 06:00:00 +0100") == date)
    }
}
