import FeedModel
import FeedParsing
import Foundation
import Testing

/// Feed dates → the exact instant, written as RFC 3339 UTC.
@Suite struct FeedDateTests {
    @Test(arguments: [
        // RFC 822 / RFC 2822 and what feeds make of it
        ("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Thu, 01 Jan 2004 19:48:21 +0100", "2004-01-01T18:48:21Z"),
        ("01 Jan 2004 19:48:21 -0500", "2004-01-02T00:48:21Z"),  // no weekday
        ("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"),  // two-digit year (RFC 2822 §4.3)
        ("Fri, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z"),
        ("Thu, 01 Jan 2004 19:48 GMT", "2004-01-01T19:48:00Z"),  // no seconds
        ("Thu, 01 Jan 2004", "2004-01-01T00:00:00Z"),  // no time
        ("Thu,  5 Apr 2012 10:00:00 GMT", "2012-04-05T10:00:00Z"),
        ("Mon, 26 January 2004 16:31:00 EST", "2004-01-26T21:31:00Z"),  // full month name, named zone
        ("Mon, 26 Jan 2004 16:31:00 PDT", "2004-01-26T23:31:00Z"),
        ("Mon, 26 Jan 2004 16:31:00 Z", "2004-01-26T16:31:00Z"),  // military zone
        ("Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z"),
        ("Wed, 19 Aug 2009 18:28:00 Etc/GMT", "2009-08-19T18:28:00Z"),
        ("Thu, 30 Apr 2015 08:57:00 MEST", "2015-04-30T06:57:00Z"),
        ("Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00Z"),  // stray comma
        ("Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"),
        ("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"),  // asctime
        ("Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00Z"),  // zone before year
        ("Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16Z"),
        // RFC 3339, W3DTF and ISO 8601
        ("2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"),
        ("2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"),
        ("2003-12-31T10:14:55.1234Z", "2003-12-31T10:14:55.123Z"),
        ("2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47.538Z"),
        ("2003-12-31t10:14:55z", "2003-12-31T10:14:55Z"),
        ("2004-07-08 23:56:58", "2004-07-08T23:56:58Z"),
        ("2004-07-08 23:56:58 -00:20", "2004-07-09T00:16:58Z"),
        ("2003-12-31T10:14+0100", "2003-12-31T09:14:00Z"),
        ("2003-12-31", "2003-12-31T00:00:00Z"),
        ("2003-12", "2003-12-01T00:00:00Z"),
        ("2003", "2003-01-01T00:00:00Z"),
        ("20031231T101455Z", "2003-12-31T10:14:55Z"),
        ("2003-335", "2003-12-01T00:00:00Z"),  // ordinal date
        ("03335", "2003-12-01T00:00:00Z"),
        ("031231", "2003-12-31T00:00:00Z"),
        ("-03-12", "2003-12-01T00:00:00Z"),
    ])
    func parsesToTheExactInstant(_ text: String, _ expected: String) throws {
        let date = try #require(FeedDate.parse(text))
        #expect(Timestamp.format(date) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "not a date at all", "2003-13-45", "Thu, 45 Foo 2004", "32:61",
        // Found by the fuzzer (make fuzz): digit runs that overflowed the scanner's arithmetic.
        "2003-12-999999999999999999999", "Sun, 01 Jan 99999999999999999 00:00:00 GMT", "0000-01-01",
    ])
    func rejectsNonDates(_ text: String) {
        #expect(FeedDate.parse(text) == nil)
    }
}
