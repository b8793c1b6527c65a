import Foundation

extension FeedDate {
    /// The two shapes nearly every feed date has, read straight from the bytes: RFC 3339 §5.6
    /// `2026-11-29T06:00:00Z` (seconds and fraction optional, `Z` or `±hh:mm`) and RFC 822 §5 / RFC 2822 §3.3
    /// `Sun, 29 Nov 2026 06:00:00 GMT` (weekday optional; `GMT`, `UT`, `UTC`, `Z` or `±hhmm`). Nil for anything
    /// else, and for out-of-range fields: ``parse(_:)`` then takes the general scanners, which read these exact
    /// shapes to the same instant (the fast path only skips their tokenising).
    static func parseCommon(_ text: String) -> Date? {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first else { return nil }
            return isDigit(first) && bytes.count >= 16 && bytes[4] == UInt8(ascii: "-") ? rfc3339(bytes) : rfc822(bytes)
        } ?? nil
    }

    /// `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±hh:mm)`.
    private static func rfc3339(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let year = digits(bytes, 0, 4), bytes[7] == UInt8(ascii: "-"), let month = digits(bytes, 5, 2),
            let day = digits(bytes, 8, 2), bytes[10] == UInt8(ascii: "T"), let hour = digits(bytes, 11, 2),
            bytes[13] == UInt8(ascii: ":"),
            let minute = digits(bytes, 14, 2)
        else { return nil }
        var index = 16
        var second = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let whole = digits(bytes, index + 1, 2) else { return nil }
            index += 3
            var fraction = 0.0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                // The same sum, in the same order, as the general ISO 8601 scanner, so both give one instant.
                var scale = 0.1
                while index < bytes.count, isDigit(bytes[index]) {
                    fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                    scale /= 10
                    index += 1
                }
            }
            second = Double(whole) + fraction
        }
        guard let offset = zone(bytes, from: index, colon: true) else { return nil }
        return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// `[Www, ]D[D] Mmm YYYY HH:MM:SS ZONE`, English names.
    private static func rfc822(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        if bytes.count > 5, !isDigit(bytes[0]) {
            // Only a real weekday may be skipped: the general scanner would read a month name in its place.
            guard isWeekday(key(bytes, 0)), bytes[3] == UInt8(ascii: ","), bytes[4] == UInt8(ascii: " ") else {
                return nil
            }
            index = 5
        }
        let dayDigits = index + 1 < bytes.count && isDigit(bytes[index + 1]) ? 2 : 1
        guard let day = digits(bytes, index, dayDigits) else { return nil }
        index += dayDigits
        guard index + 20 <= bytes.count, bytes[index] == UInt8(ascii: " "),
            let month = englishMonth(key(bytes, index + 1)),
            bytes[index + 4] == UInt8(ascii: " "), let year = digits(bytes, index + 5, 4),
            bytes[index + 9] == UInt8(ascii: " "),
            let hour = digits(bytes, index + 10, 2), bytes[index + 12] == UInt8(ascii: ":"),
            let minute = digits(bytes, index + 13, 2),
            bytes[index + 15] == UInt8(ascii: ":"), let second = digits(bytes, index + 16, 2),
            bytes[index + 18] == UInt8(ascii: " ")
        else { return nil }
        guard let offset = zone(bytes, from: index + 19, colon: false) else { return nil }
        return instant(
            year: year, month: month, day: day, hour: hour, minute: minute, second: Double(second), offset: offset)
    }

    /// The zone that ends the text at `start`: `Z`, `GMT`, `UT`, `UTC` or a numeric `±hh:mm` (`colon`) / `±hhmm`;
    /// in an RFC 822 date (no `colon`) also the other names ``zoneOffset(_:)`` knows (`EST`, `PDT`, military
    /// letters), in any case, with the same offset the general scanner gives them.
    private static func zone(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, colon: Bool) -> Int? {
        let length = bytes.count - start
        if length == 1, bytes[start] == UInt8(ascii: "Z") { return 0 }
        if length == 2, bytes[start] == UInt8(ascii: "U"), bytes[start + 1] == UInt8(ascii: "T") { return 0 }
        if length == 3 {
            if bytes[start] == UInt8(ascii: "G"), bytes[start + 1] == UInt8(ascii: "M"),
                bytes[start + 2] == UInt8(ascii: "T")
            {
                return 0
            }  // GMT
            if bytes[start] == UInt8(ascii: "U"), bytes[start + 1] == UInt8(ascii: "T"),
                bytes[start + 2] == UInt8(ascii: "C")
            {
                return 0
            }  // UTC
        }
        if !colon, length >= 1, length <= 4 {
            var name = ""  // at most four ASCII letters: a small string, stored inline
            for index in start..<bytes.count {
                let upper = bytes[index] & ~0x20
                guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else {
                    return numericZone(bytes, from: start, colon: colon)
                }
                name.unicodeScalars.append(Unicode.Scalar(upper))
            }
            return namedZoneOffset(name)
        }
        return numericZone(bytes, from: start, colon: colon)
    }

    private static func numericZone(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, colon: Bool) -> Int? {
        let length = bytes.count - start
        guard length == (colon ? 6 : 5), bytes[start] == UInt8(ascii: "+") || bytes[start] == UInt8(ascii: "-"),
            let hours = digits(bytes, start + 1, 2), !colon || bytes[start + 3] == UInt8(ascii: ":"),
            let minutes = digits(bytes, start + (colon ? 4 : 3), 2)
        else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return bytes[start] == UInt8(ascii: "-") ? -seconds : seconds
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<start + count {
            guard isDigit(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Three ASCII letters at `start`, lower-cased and packed (zero when they are not letters).
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32 {
        guard start + 3 <= bytes.count else { return 0 }
        var key: UInt32 = 0
        for index in start..<start + 3 {
            let byte = bytes[index] | 0x20
            guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { return 0 }
            key = key << 8 | UInt32(byte)
        }
        return key
    }

    /// An English weekday abbreviation, packed as ``key(_:_:)`` packs it.
    private static func isWeekday(_ key: UInt32) -> Bool {
        switch key {
        case packed("m", "o", "n"), packed("t", "u", "e"), packed("w", "e", "d"), packed("t", "h", "u"),
            packed("f", "r", "i"), packed("s", "a", "t"), packed("s", "u", "n"):
            true
        default: false
        }
    }

    /// Three ASCII letters packed into an integer as ``key(_:_:)`` packs them (`mon` is 0x6D6F6E): the cases of a
    /// `switch` over such keys, folded to constants by the compiler.
    static func packed(_ first: Unicode.Scalar, _ second: Unicode.Scalar, _ third: Unicode.Scalar) -> UInt32 {
        first.value << 16 | second.value << 8 | third.value
    }
}
