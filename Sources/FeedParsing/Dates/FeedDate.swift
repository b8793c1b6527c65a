import Foundation
import FeedModel

/// Parses the dates feeds write, by hand (no `DateFormatter`: it is slow, locale-bound and too strict).
///
/// Two scanners: ``parseISO8601(_:)`` for RFC 3339 / W3DTF / ISO 8601 forms (Atom, `dc:date`), and
/// ``parseRFC822(_:)`` for RFC 822 / RFC 2822 §3.3 forms and their common deviations (RSS `pubDate`), which also
/// reads asctime (`Sun Jan  4 16:29:06 2004`). ``parse(_:)`` tries the first that fits the text's shape.
public enum FeedDate {
    /// The instant a feed date denotes, or nil when the text is not a date. Missing zones mean UTC, missing time
    /// means midnight, missing day or month mean the first (as feedparser reads partial W3DTF dates).
    public static func parse(_ text: String) -> Date? {
        parse(trimmed: text.trimmingWhitespace)
    }

    /// ``parse(_:)`` of a text without leading or trailing white space.
    private static func parse(trimmed: String) -> Date? {
        if let date = parseCommon(trimmed) { return date }
        guard let first = trimmed.unicodeScalars.first else { return nil }
        // ISO 8601 dates begin with the year (or `-` for the year-less/century forms); RFC 822 with a weekday
        // or the day of the month followed by a month name.
        if first == "-" || (first.properties.numericType != nil && looksISO(trimmed)) {
            if let date = parseISO8601(trimmed) { return date }
        }
        return parseRFC822(trimmed)
    }

    /// ISO-shaped when the text has no letters other than the `T` separator, a trailing `Z` or a zone word.
    private static func looksISO(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(10))
        var digits = 0
        for byte in bytes {
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { digits += 1 } else { break }
        }
        // "2004-…", "20040708", "031231", "03-12-31": a leading run of 2+ digits then `-`, `T`, end or digits only.
        guard digits >= 2 else { return false }
        if digits == bytes.count { return true }
        let next = bytes[digits]
        return next == UInt8(ascii: "-") || next == UInt8(ascii: "T") || next == UInt8(ascii: "t")
            || (digits >= 4 && next == UInt8(ascii: " "))
    }

    /// Builds the instant from civil fields and a UTC offset in seconds; nil when a field is out of range.
    static func instant(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0, offset: Int = 0
    ) -> Date? {
        // Years outside 1–9999 (RFC 3339 §5.6 `date-fullyear` is four digits) are garbage, and a huge one would
        // overflow the day count.
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour),
            (0...59).contains(minute), second >= 0, second < 62
        else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days) * 86_400 + Double(hour * 3600 + minute * 60) + second - Double(offset)
        return Date(timeIntervalSince1970: seconds)
    }

    /// Two-digit years: RFC 2822 §4.3 says add 1900 for 50–99 and 2000 for 00–49.
    static func expandYear(_ year: Int, digits: Int) -> Int {
        guard digits <= 2 else { return year }
        return year < 50 ? 2000 + year : 1900 + year
    }
}

extension FeedDate {
    /// Reads a date element into an instant and keeps the string beside it: a date that parses replaces both; one
    /// that does not is kept as the raw string while no instant is known (the feed's own words are all there is),
    /// and never replaces a date read before.
    static func read(_ text: String, into date: inout Date?, raw: inout String?) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return }
        if let parsed = parse(trimmed: trimmed) {
            date = parsed
            raw = trimmed
        } else if date == nil, raw == nil {
            raw = trimmed
        }
    }

    /// ``read(_:into:raw:)`` for a fallback source (`dc:date` beside `pubDate`): only while no instant is known.
    static func readIfUnset(_ text: String, into date: inout Date?, raw: inout String?) {
        guard date == nil else { return }
        read(text, into: &date, raw: &raw)
    }
}
