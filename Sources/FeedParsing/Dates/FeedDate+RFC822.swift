import Foundation

extension FeedDate {
    /// RFC 822 §5 / RFC 2822 §3.3 dates and what feeds make of them: optional or misspelt weekday, full month
    /// names, two-digit years (§4.3), missing seconds or time, commas in odd places, `yyyy/mm/dd`, named,
    /// numeric and `GMT±hh:mm` zones, the zone before the year (Twitter), and asctime order (`Jan  4 16:29:06
    /// 2004`). Tokens are classified by shape rather than position, which covers all of these at once.
    public static func parseRFC822(_ text: String) -> Date? {
        var year: Int?
        var yearDigits = 4
        var month: Int?
        var day: Int?
        var clock: (Int, Int, Double)?
        var offset: Int?
        for token in tokens(text) {
            if token.contains(":" as Character), clock == nil, token.first?.isNumber == true {
                guard let parsed = parseClock(token) else { return nil }
                clock = parsed
                continue
            }
            if token.first == "+" || (token.first == "-" && token.count > 1) {
                if let zone = zoneOffset(String(token)) { offset = zone }
                continue
            }
            if let number = Int(token) {
                if token.count >= 3 {
                    year = number
                    yearDigits = token.count
                } else if day == nil, month != nil || year == nil {
                    day = number
                } else if year == nil {
                    year = number
                    yearDigits = token.count
                }
                continue
            }
            if token.contains("/" as Character), token.first?.isNumber == true {
                // "2006/09/15": year, month, day.
                let parts = token.split(separator: "/").compactMap { Int($0) }
                guard parts.count == 3 else { return nil }
                (year, month, day) = (parts[0], parts[1], parts[2])
                continue
            }
            if month == nil, let named = monthNumber(token) {
                month = named
                continue
            }
            if clock != nil, offset == nil, let zone = zoneOffset(String(token)) {
                offset = zone
            }
            // Anything else (weekdays, "at", unknown zone names) carries no date information.
        }
        guard let year, let month, let day else { return nil }
        let (hour, minute, second) = clock ?? (0, 0, 0)
        return instant(
            year: expandYear(year, digits: yearDigits), month: month, day: day, hour: hour, minute: minute,
            second: second, offset: offset ?? 0)
    }

    /// Splits on spaces and commas, keeping `+0200`, `GMT-01:01` and `16:29:06` whole.
    private static func tokens(_ text: String) -> [Substring] {
        var result: [Substring] = []
        for piece in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" }) {
            // "19-Feb-2012" style: dashes between date fields.
            if piece.contains("-" as Character), piece.first?.isNumber == true, !piece.contains(":" as Character) {
                result.append(contentsOf: piece.split(separator: "-"))
            } else {
                result.append(piece)
            }
        }
        return result
    }

    private static func parseClock(_ token: Substring) -> (Int, Int, Double)? {
        let fields = token.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, let hour = Int(fields[0]), let minute = Int(fields[1]) else {
            return nil
        }
        let second = fields.count == 3 ? Double(fields[2]) : 0
        guard let second else { return nil }
        return (hour, minute, second)
    }

    /// English month names and abbreviations, plus the Greek abbreviations feedparser's `_greek_months` maps.
    private static func monthNumber(_ token: Substring) -> Int? {
        // ASCII fast path: the first three letters, lower-cased by setting bit 5, name an English month.
        let bytes = token.utf8
        if bytes.count >= 3, bytes.allSatisfy({ $0 < 128 }) {
            var key: UInt32 = 0
            for byte in bytes.prefix(3) { key = key << 8 | UInt32(byte | 0x20) }
            return englishMonth(key)
        }
        var lower = token.lowercased()
        while lower.hasSuffix(".") { lower.removeLast() }
        return greekMonths[lower]
    }

    /// The month an English abbreviation names, from its three lower-case ASCII bytes packed into an integer
    /// (``packed(_:_:_:)``); a `switch` of integer constants, where a dictionary would hash the key per date.
    static func englishMonth(_ key: UInt32) -> Int? {
        switch key {
        case packed("j", "a", "n"): 1
        case packed("f", "e", "b"): 2
        case packed("m", "a", "r"): 3
        case packed("a", "p", "r"): 4
        case packed("m", "a", "y"): 5
        case packed("j", "u", "n"): 6
        case packed("j", "u", "l"): 7
        case packed("a", "u", "g"): 8
        case packed("s", "e", "p"): 9
        case packed("o", "c", "t"): 10
        case packed("n", "o", "v"): 11
        case packed("d", "e", "c"): 12
        default: nil
        }
    }

    private static let greekMonths: [String: Int] = [
        "ιαν": 1, "φεβ": 2, "μάώ": 3, "μαώ": 3, "απρ": 4, "μάι": 5, "μαϊ": 5, "μαι": 5, "ιούν": 6, "ιον": 6,
        "ιούλ": 7, "ιολ": 7, "αύγ": 8, "αυγ": 8, "σεπ": 9, "οκτ": 10, "νοέ": 11, "νοε": 11, "δεκ": 12,
    ]
}
