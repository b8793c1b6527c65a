import Foundation

/// Reads HTTP-date (RFC 9110 §5.6.7) in its three forms, all UTC: IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`,
/// obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`; by hand, as a
/// `DateFormatter` is costly and not Sendable. The fetcher and the loopback test server share it. Feed dates
/// (`FeedDate` in FeedParsing) are a wider grammar, RFC 822 zones such as `EST` included; HTTP-date allows GMT
/// only, so a header naming another zone is invalid here rather than shifted.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The instant an HTTP-date denotes, or nil when the text is none of the three forms or names another zone.
    public static func parse(_ text: String) -> Date? {
        let tokens = text.split(whereSeparator: { " ,-:\t".contains($0) }).map { $0.lowercased() }
        // The day name is informative only; a recipient need not check it against the date.
        var rest = tokens[...]
        if let first = rest.first, first.first?.isLetter == true, month(first) == nil { rest = rest.dropFirst() }
        let fields = Array(rest)
        var day: Int?
        var monthNumber: Int?
        var year: Int?
        var clock: [Int?] = []
        if fields.count >= 6, let asctimeMonth = month(fields[0]) {
            // asctime: month day hh mm ss year
            monthNumber = asctimeMonth
            day = Int(fields[1])
            clock = [Int(fields[2]), Int(fields[3]), Int(fields[4])]
            year = Int(fields[5])
        } else if fields.count >= 6 {
            // IMF-fixdate and RFC 850: day month year hh mm ss [GMT]
            day = Int(fields[0])
            monthNumber = month(fields[1])
            year = Int(fields[2])
            clock = [Int(fields[3]), Int(fields[4]), Int(fields[5])]
            if fields.count > 6, fields[6] != "gmt", fields[6] != "utc", fields[6] != "z" { return nil }
        }
        guard let day, let monthNumber, var year, clock.count == 3, let hour = clock[0], let minute = clock[1],
            let second = clock[2], (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future means the past century; with years
        // read as 20xx below 50 this holds until 2050.
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        // HTTP-date's year is four digits (RFC 9110 §5.6.7); a longer one would overflow the day count.
        guard year <= 9999 else { return nil }
        let days = Int(Timestamp.daysFromCivil(year: year, month: monthNumber, day: day))
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func month(_ token: String) -> Int? {
        guard token.count >= 3 else { return nil }
        return months.firstIndex(of: String(token.prefix(3))).map { $0 + 1 }
    }
}
