import FeedCrypto

/// `application/x-www-form-urlencoded` (the WHATWG URL Standard's serializer and parser, which W3C WebSub §5.1
/// requires for subscription requests, and which a callback's query string follows too).
public enum FormEncoding {
    /// `name=value` pairs joined with `&`, every byte but ASCII alphanumerics and `*-._` percent-encoded from
    /// UTF-8, a space as `+`.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// The pairs of an encoded string (a body, or a query without its `?`), in order: `+` is a space, `%XX` a byte
    /// (a `%` not followed by two hex digits stays as it is), a pair without `=` has an empty value, and bytes
    /// that are not UTF-8 are replaced.
    public static func decode(_ text: some StringProtocol) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(parts[0]), parts.count > 1 ? unescape(parts[1]) : "")
        }
    }

    /// The first value of each name, for look-ups where a repeated name keeps its first value.
    public static func firstValues(_ text: some StringProtocol) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in decode(text) where values[name] == nil { values[name] = value }
        return values
    }

    private static func escape(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0xf)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func unescape(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let decoded = Hex.bytes(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self))
            {
                out += decoded
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
