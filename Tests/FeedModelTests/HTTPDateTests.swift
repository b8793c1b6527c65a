import FeedModel
import Foundation
import Testing

@Suite struct HTTPDateTests {
    @Test(
        "The three HTTP-date forms (RFC 9110 §5.6.7), two-digit years, and what is not an HTTP-date",
        arguments: [
            ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),
            ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777.0),
            ("Sun Nov  6 08:49:37 1994", 784_111_777.0),
            ("06 Nov 1994 08:49:37 GMT", 784_111_777.0),
            ("Thu, 29 Feb 2024 23:59:59 GMT", 1_709_251_199.0),
            ("Thursday, 01-Jan-26 00:00:00 GMT", 1_767_225_600.0),
            ("Wed, 31 Dec 1969 23:59:59 GMT", -1.0),
            ("Sat, 01 Jan 2000 00:00:00 UTC", 946_684_800.0),
            ("Sun, 06 Nov 1994 08:49:37 EST", nil),
            ("Sun, 06 Nov 1994 08:49:37 +0100", nil),
            ("Sun, 06 Nov 1994 25:49:37 GMT", nil),
            ("Sun, 32 Nov 1994 08:49:37 GMT", nil),
            ("Sun, 06 Nov 1994", nil),
            ("Sun, 06 Nov 99999999999999999 08:49:37 GMT", nil),
            ("soon", nil),
            ("", nil),
        ] as [(String, Double?)])
    func forms(text: String, seconds: Double?) {
        #expect(HTTPDate.parse(text) == seconds.map(Date.init(timeIntervalSince1970:)))
    }

    /// The loopback test server read `If-Modified-Since` with this `DateFormatter` before it shared ``HTTPDate``:
    /// both give the same instant for every IMF-fixdate it writes, across leap years and centuries.
    @Test func sameAsTheFormatterTheTestServerUsed() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var checked = 0
        // About every 37 days and 7 hours from 1900 to 2100: every month, weekday and hour turns up.
        for seconds in stride(from: -2_208_988_800.0, to: 4_102_444_800, by: 3_222_007) {
            let text = formatter.string(from: Date(timeIntervalSince1970: seconds))
            #expect(HTTPDate.parse(text) == formatter.date(from: text), "\(text)")
            checked += 1
        }
        #expect(checked > 1_900)
    }
}
