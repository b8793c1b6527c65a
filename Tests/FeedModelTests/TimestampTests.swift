import FeedModel
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_072_986_501, "2004-01-01T19:48:21Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-86_400, "1969-12-31T00:00:00Z"),
        (1_072_986_501.25, "2004-01-01T19:48:21.25Z"),
        (4_102_444_800, "2100-01-01T00:00:00Z"),
    ])
    func formatsUTC(seconds: Double, text: String) {
        #expect(Timestamp.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(Timestamp.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        ("2004-01-01T21:48:21+02:00", 1_072_986_501.0),
        ("2004-01-01t19:48:21z", 1_072_986_501),
        ("2004-01-01T14:48:21-05:00", 1_072_986_501),
    ])
    func parsesOffsets(text: String, seconds: Double) {
        #expect(Timestamp.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: ["", "2004-01-01", "2004-13-01T00:00:00Z", "2004-01-01T00:00:00", "2004-01-01T00:00:00+0200"])
    func rejectsOtherText(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    /// The one civil-to-days conversion FeedParsing's and HTTP's date readers share, against the proleptic
    /// Gregorian calendar's known day counts (leap days, century rules, year 1 and 9999).
    @Test(arguments: [
        (1970, 1, 1, Int64(0)), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2000, 3, 1, 11_017),
        (1900, 3, 1, -25_508), (1600, 2, 29, -135_081), (1, 1, 1, -719_162), (9999, 12, 31, 2_932_896),
    ])
    func daysFromCivil(year: Int, month: Int, day: Int, days: Int64) {
        #expect(Timestamp.daysFromCivil(year: year, month: month, day: day) == days)
    }
}
