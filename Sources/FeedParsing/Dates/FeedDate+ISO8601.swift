import FeedModel
import Foundation

extension FeedDate {
    /// RFC 3339 §5.6 `date-time`, W3DTF's reduced precisions (`2003`, `2003-12`, `2003-12-31`) and the ISO 8601
    /// forms feedparser accepts: basic format (`20031231`, `031231`), ordinal dates (`2003-335`, `03335`),
    /// year-less `-YY-MM`/`-YYMM`, a space instead of `T`, and `±hh`, `±hhmm` or `±hh:mm` offsets.
    public static func parseISO8601(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        // Date part: up to `T`, `t` or a space.
        while index < bytes.count, bytes[index] != UInt8(ascii: "T"), bytes[index] != UInt8(ascii: "t"),
            bytes[index] != UInt8(ascii: " ")
        { index += 1 }
        guard let (year, month, day) = isoDate(bytes[0..<index]) else { return nil }
        guard index < bytes.count else { return instant(year: year, month: month, day: day) }
        index += 1
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        // Time part: digits, colons and a fraction.
        let timeStart = index
        while index < bytes.count,
            (bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9"))
                || bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: ".")
        {
            index += 1
        }
        guard let (hour, minute, second) = isoTime(bytes[timeStart..<index]) else { return nil }
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        var offset = 0
        if index < bytes.count {
            guard let zone = zoneOffset(String(decoding: bytes[index...], as: UTF8.self)) else { return nil }
            offset = zone
        }
        return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    private static func isoDate(_ part: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        let fields = part.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        // No ISO 8601 date field has more than eight digits ("20031201"); a longer run would overflow `number`.
        guard
            fields.allSatisfy({ $0.count <= 8 && $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } })
        else { return nil }
        func number(_ digits: ArraySlice<UInt8>) -> Int { digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        if part.first == UInt8(ascii: "-") {  // year-less century forms: "-YY-MM", "-YYMM" (ISO 8601:1988 §5.2.1.3)
            let rest = Array(fields.dropFirst())
            if rest.count == 2, rest[0].count == 2 {
                return (expandYear(number(rest[0]), digits: 2), number(rest[1]), 1)
            }
            if rest.count == 1, rest[0].count == 4 {
                let all = rest[0]
                return (expandYear(number(all.prefix(2)), digits: 2), number(all.suffix(2)), 1)
            }
            return nil
        }
        guard let first = fields.first else { return nil }
        if fields.count == 1 {
            let d = Array(first)
            switch d.count {
            case 4: return (number(first), 1, 1)
            case 8: return (number(first.prefix(4)), number(d[4..<6]), number(d[6..<8]))
            case 7: return ordinal(year: number(first.prefix(4)), day: number(d[4..<7]))
            case 6: return (expandYear(number(first.prefix(2)), digits: 2), number(d[2..<4]), number(d[4..<6]))
            case 5: return ordinal(year: expandYear(number(first.prefix(2)), digits: 2), day: number(d[2..<5]))
            default: return nil
            }
        }
        guard first.count == 4 || first.count == 2 else { return nil }
        let year = expandYear(number(first), digits: first.count)
        if fields.count == 2 {
            let second = fields[1]
            // Three digits after the year are a day of the year ("2003-335"), two a month.
            if second.count == 3 { return ordinal(year: year, day: number(second)) }
            return (year, number(second), 1)
        }
        if fields.count == 3 { return (year, number(fields[1]), number(fields[2])) }
        return nil
    }

    /// Day `day` of `year` (ISO 8601 ordinal date) as month and day.
    private static func ordinal(year: Int, day: Int) -> (Int, Int, Int)? {
        guard (1...366).contains(day) else { return nil }
        let start = Timestamp.daysFromCivil(year: year, month: 1, day: 1)
        let date = Date(timeIntervalSince1970: Double(start + Int64(day - 1)) * 86_400)
        let text = Array(Timestamp.format(date).utf8)
        func number(_ range: Range<Int>) -> Int { text[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        return (year, number(5..<7), number(8..<10))
    }

    private static func isoTime(_ part: ArraySlice<UInt8>) -> (Int, Int, Double)? {
        var clock = part
        var fraction = 0.0
        if let dot = part.firstIndex(of: UInt8(ascii: ".")) {
            clock = part[part.startIndex..<dot]
            var scale = 0.1
            for byte in part[(dot + 1)...] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                fraction += Double(byte - UInt8(ascii: "0")) * scale
                scale /= 10
            }
        }
        let fields = clock.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        func number(_ digits: ArraySlice<UInt8>) -> Int? {
            guard !digits.isEmpty, digits.count <= 2 else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        if fields.count == 1 {  // basic format "hhmmss" / "hhmm" / "hh"
            let d = Array(clock)
            guard d.count == 2 || d.count == 4 || d.count == 6 else { return nil }
            var values: [Int] = []
            for start in stride(from: 0, to: d.count, by: 2) {
                let tens = Int(d[start]) - Int(UInt8(ascii: "0"))
                let ones = Int(d[start + 1]) - Int(UInt8(ascii: "0"))
                values.append(tens * 10 + ones)
            }
            let minute = values.count > 1 ? values[1] : 0
            let second = values.count > 2 ? values[2] : 0
            return (values[0], minute, Double(second) + fraction)
        }
        guard fields.count <= 3, let hour = number(fields[0]), let minute = number(fields[1]) else { return nil }
        let second = fields.count == 3 ? number(fields[2]) : 0
        guard let second else { return nil }
        return (hour, minute, Double(second) + fraction)
    }
}
