import FeedXML

/// The text of an element RSS defines as plain text (`author`, `managingEditor`, `webMaster`, `category`, `guid`)
/// when a feed puts HTML in it anyway: as child elements (`<author><p>Jane</p></author>`), escaped
/// (`&lt;p&gt;Jane&lt;/p&gt;`) or in a CDATA section. Whoever reads a plain-text field wants "Jane", so the tags are
/// taken out, and when there were any, the HTML character references that came with them are decoded.
enum PlainText {
    /// The element's character data, its descendants' included, without HTML tags.
    static func of(_ element: XMLElement) -> String {
        let text = element.hasElementChildren ? element.deepText : element.text
        // Most such elements hold no `<` at all: one byte search and the text is returned as it is.
        return text.containsASCII(UInt8(ascii: "<")) ? strippingTags(text) : text
    }

    /// `text` without its HTML tags and comments. Only a `<` that opens the tag of a known HTML element (`<p>`,
    /// `</b>`, `<br/>`, `<a href="…">`) or a comment counts, so that `Jane <jane@example.org>` keeps its address.
    static func strippingTags(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var stripped = false
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), let end = markupEnd(bytes, from: index) {
                index = end
                stripped = true
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return stripped ? decodingReferences(output) : text
    }

    /// The index just past the tag or comment that opens at `start`, or nil when the `<` opens neither. A tag is
    /// `<`, an optional `/`, an HTML element's name, then white space, `/` or `>` (WHATWG HTML §13.2.5.6–8).
    private static func markupEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        if bytes[index...].starts(with: "!--".utf8) {
            var end = index + 3
            while end + 2 < bytes.count {
                if bytes[end] == UInt8(ascii: "-"), bytes[end + 1] == UInt8(ascii: "-"),
                    bytes[end + 2] == UInt8(ascii: ">")
                {
                    return end + 3
                }
                end += 1
            }
            return nil
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
        let nameStart = index
        while index < bytes.count, isASCIIAlphanumeric(bytes[index]) { index += 1 }
        guard index > nameStart, index < bytes.count else { return nil }
        let next = bytes[index]
        guard next == UInt8(ascii: ">") || next == UInt8(ascii: "/") || next.isXMLSpace else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        guard HTMLSanitizer.allowedElements.contains(name),
            let close = bytes[index...].firstIndex(of: UInt8(ascii: ">"))
        else { return nil }
        return close + 1
    }

    /// HTML character references (`&amp;`, `&eacute;`, `&#233;`, `&#xE9;`) decoded; anything else, a bare `&`
    /// included, is kept as it is.
    private static func decodingReferences(_ bytes: [UInt8]) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output = ""
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"),
                let semicolon = bytes[index...].prefix(33).firstIndex(of: UInt8(ascii: ";")),
                let scalar = referencedScalar(String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self))
            {
                output.unicodeScalars.append(scalar)
                index = semicolon + 1
                continue
            }
            let next = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            output += String(decoding: bytes[index..<next], as: UTF8.self)
            index = next
        }
        return output
    }

    /// The character a reference's name (between `&` and `;`) stands for.
    private static func referencedScalar(_ name: String) -> Unicode.Scalar? {
        let value: UInt32?
        switch name {
        case "amp": value = ("&" as Unicode.Scalar).value
        case "lt": value = ("<" as Unicode.Scalar).value
        case "gt": value = (">" as Unicode.Scalar).value
        case "quot": value = ("\"" as Unicode.Scalar).value
        case "apos": value = ("'" as Unicode.Scalar).value
        case _ where name.hasPrefix("#x") || name.hasPrefix("#X"): value = UInt32(name.dropFirst(2), radix: 16)
        case _ where name.hasPrefix("#"): value = UInt32(name.dropFirst())
        default: value = HTMLEntities.codePoints[name]
        }
        // `&#0;` is no character (HTML reads it as U+FFFD): kept as written, like any reference not understood.
        return value.flatMap { $0 == 0 ? nil : Unicode.Scalar($0) }
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
