/// A byte scanner over a `Link` field value (RFC 8288 §3):
/// `link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )`,
/// `link-param = token BWS [ "=" BWS ( token / quoted-string ) ]`, members separated by commas.
struct LinkScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next well-formed link, skipping malformed members; nil at the end.
    mutating func nextLink() -> WebLink? {
        while true {
            skip { $0 == UInt8(ascii: ",") || Self.isSpace($0) }
            guard index < bytes.count else { return nil }
            if let link = readLink() { return link }
            skipMember()
        }
    }

    /// One member starting at `<`; nil when it is not one (the index is then inside the bad member).
    private mutating func readLink() -> WebLink? {
        guard bytes[index] == UInt8(ascii: "<"),
            let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: ">"))
        else { return nil }
        var link = WebLink(target: String(decoding: bytes[(index + 1)..<close], as: UTF8.self))
        index = close + 1
        var relation: String?
        while true {
            skip(while: Self.isSpace)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { break }
            index += 1
            guard let (name, value) = readParameter() else { continue }
            if name == "rel" {
                if relation == nil { relation = value }
            } else if link.parameters[name] == nil {
                link.parameters[name] = value
            }
        }
        // Whatever follows the parameters up to the next member (garbage after a parameter) is not a link.
        guard index >= bytes.count || bytes[index] == UInt8(ascii: ",") else { return nil }
        link.relations = (relation ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        return link
    }

    /// `name [= value]` after a `;`: the name lower-cased, the value unquoted (empty when absent).
    private mutating func readParameter() -> (String, String)? {
        skip(while: Self.isSpace)
        let start = index
        skip { !Self.isSpace($0) && !Self.isDelimiter($0) && $0 != UInt8(ascii: "=") }
        guard index > start else { return nil }
        let name = String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
        skip(while: Self.isSpace)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return (name, "") }
        index += 1
        skip(while: Self.isSpace)
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { return (name, readQuoted()) }
        let valueStart = index
        skip { !Self.isSpace($0) && !Self.isDelimiter($0) }
        return (name, String(decoding: bytes[valueStart..<index], as: UTF8.self))
    }

    /// A quoted-string (RFC 9110 §5.6.4) from its opening quote: backslash escapes the next byte; an unclosed
    /// string runs to the end.
    private mutating func readQuoted() -> String {
        var value: [UInt8] = []
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\"), index < bytes.count {
                value.append(bytes[index])
                index += 1
            } else {
                value.append(byte)
            }
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// Moves past the rest of a malformed member: to the next comma outside a quoted string or a `<...>`.
    private mutating func skipMember() {
        var quoted = false
        var bracketed = false
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { quoted = false }
            } else if bracketed {
                if byte == UInt8(ascii: ">") { bracketed = false }
            } else if byte == UInt8(ascii: ",") {
                return
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: "<") {
                bracketed = true
            }
            index += 1
        }
    }

    private mutating func skip(while predicate: (UInt8) -> Bool) {
        while index < bytes.count, predicate(bytes[index]) { index += 1 }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",")
    }
}
