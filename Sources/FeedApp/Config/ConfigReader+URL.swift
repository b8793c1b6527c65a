import Foundation

/// The check of feed URLs: URLComponents decides, after a byte scan that says yes at once to the common form
/// (`https://host.example:8080/path?query`), which a configuration of thousands of feeds is made of.
extension ConfigReader {
    /// An absolute http or https URL with a host, as URLComponents reads it.
    static func isWebURL(_ text: String) -> Bool {
        isPlainWebURL(text) || isWebURLByComponents(text)
    }

    static func isWebURLByComponents(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host
        else { return false }
        return !host.isEmpty
    }

    /// True for ASCII `http://` or `https://` (any case), a host of letter-digit-hyphen labels (RFC 1123: none
    /// empty, none over 63 bytes, no hyphen at either end or in third and fourth place, so no IDNA `xn--` form),
    /// an optional port of up to five digits below 65536, then characters RFC 3986 §3.3–3.5 allow in a path, query
    /// and fragment, `%` only before two hex digits. False says nothing: URLComponents then decides.
    static func isPlainWebURL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for prefix in ["https://", "http://"] where bytes.count > prefix.utf8.count {
                if zip(bytes, prefix.utf8).allSatisfy({ (isLetter($0) ? $0 | 0x20 : $0) == $1 }) {
                    return isPlainHostAndRest(bytes, from: prefix.utf8.count)
                }
            }
            return false
        }
    }

    /// The scan over the bytes after the scheme, by position: slices of the view cost more than the check.
    private static func isPlainHostAndRest(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        var labelStart = start
        // The host: labels up to the port, path, query, fragment or end.
        while true {
            let byte = index < bytes.count ? bytes[index] : UInt8(ascii: "/")
            if isDigit(byte) || isLetter(byte) || byte == UInt8(ascii: "-") {
                index += 1
                continue
            }
            guard isPlainLabel(bytes, labelStart..<index) else { return false }
            if byte != UInt8(ascii: ".") { break }
            index += 1
            labelStart = index
        }
        guard index - start <= 253 else { return false }
        if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
            index += 1
            var port = 0
            let digits = index
            while index < bytes.count && isDigit(bytes[index]) && index - digits < 6 {
                port = port * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard (1...5).contains(index - digits), port < 65_536 else { return false }
        }
        // The authority ends at the path, the query, the fragment or the end (user info, `_` and the like do not
        // end it: URLComponents decides those).
        if index < bytes.count && !startsPathQueryOrFragment(bytes[index]) { return false }
        // Path, query and fragment: what RFC 3986 allows unencoded, and %XX.
        var inFragment = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                    return false
                }
                index += 3
                continue
            }
            if byte == UInt8(ascii: "#") {
                guard !inFragment else { return false }
                inFragment = true
            } else if !(isDigit(byte) || isLetter(byte) || allowedPunctuation[Int(byte)]) {
                return false
            }
            index += 1
        }
        return true
    }

    private static func startsPathQueryOrFragment(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
    }

    /// RFC 1123 with IDNA's rule on hyphens: 1 to 63 bytes, no hyphen first or last, none in third and fourth
    /// place (`xn--` is left to URLComponents).
    private static func isPlainLabel(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard (1...63).contains(range.count), bytes[range.lowerBound] != UInt8(ascii: "-"),
            bytes[range.upperBound - 1] != UInt8(ascii: "-")
        else { return false }
        return range.count < 4 || bytes[range.lowerBound + 2] != UInt8(ascii: "-")
            || bytes[range.lowerBound + 3] != UInt8(ascii: "-")
    }

    /// RFC 3986's unreserved punctuation, sub-delims, and `:`, `@`, `/`, `?` (pchar and the query's extras).
    private static let allowedPunctuation: [Bool] = (0...255).map { "-._~!$&'()*+,;=:@/?".utf8.contains(UInt8($0)) }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
}
