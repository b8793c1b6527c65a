/// Re-writes an HTML fragment from a feed the way feedparser's HTML pass does, in one byte scan: relative URLs in
/// URL attributes are resolved against the element's base (so the HTML still works when shown away from the
/// feed), tag and attribute names are lower-cased, attribute values are double-quoted with `<`, `>`, `"` and bare
/// `&` escaped, void elements close as `<br />`, and `<` or `&` that start no markup become `&lt;` / `&amp;`.
/// Text and comments are otherwise copied as they are.
enum HTMLRewriter {
    /// The rewritten fragment; returns `html` itself when it holds no `<` or `&` (no allocation).
    static func rewrite(_ html: String, base: String?) -> String {
        guard html.utf8.contains(where: { $0 == 60 || $0 == 38 }) else { return html }
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 32)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 38 {
                index = copyReference(bytes, at: index, into: &out)
            } else if byte == 60 {
                index = copyMarkup(bytes, at: index, base: base, into: &out)
            } else {
                // Copy the run of plain text up to the next markup byte in one go.
                var end = index + 1
                while end < bytes.count, bytes[end] != 60, bytes[end] != 38 { end += 1 }
                out.append(contentsOf: bytes[index..<end])
                index = end
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Attributes holding URLs (HTML 4.01 §B / feedparser's `relative_uris`).
    private static let urlAttributes: Set<String> = [
        "href", "src", "cite", "action", "background", "longdesc", "usemap", "codebase", "data", "classid",
        "profile", "poster", "formaction", "icon", "manifest",
    ]

    /// HTML 5 §13.1.2 void elements.
    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// A character or entity reference is copied (`&#X` lower-cased); a bare `&` becomes `&amp;`.
    private static func copyReference(_ bytes: [UInt8], at start: Int, into out: inout [UInt8]) -> Int {
        var index = start + 1
        if index < bytes.count, bytes[index] == 35 { index += 1 }
        let hex = index < bytes.count && (bytes[index] == 120 || bytes[index] == 88) && bytes[start + 1] == 35
        if hex { index += 1 }
        let nameStart = index
        while index < bytes.count, index - start < 34, isAlnum(bytes[index]) { index += 1 }
        if index > nameStart, index < bytes.count, bytes[index] == 59 {
            if bytes[start + 1] == 35, let code = numericValue(bytes[nameStart..<index], hex: hex), code >= 0x80,
                code <= 0x9F
            {
                // A reference to a C1 control means the windows-1252 character at that byte ("&#146;" is ’).
                let scalar = UTF8Repair.windows1252(UInt8(code))
                out.append(contentsOf: "&#x\(String(scalar.value, radix: 16));".utf8)
                return index + 1
            }
            out.append(contentsOf: bytes[start..<nameStart])
            if hex { out[out.count - 1] = 120 }
            out.append(contentsOf: bytes[nameStart...index])
            return index + 1
        }
        out.append(contentsOf: "&amp;".utf8)
        return start + 1
    }

    private static func numericValue(_ digits: ArraySlice<UInt8>, hex: Bool) -> Int? {
        guard digits.count <= 6 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self), radix: hex ? 16 : 10)
    }

    private static func copyMarkup(_ bytes: [UInt8], at start: Int, base: String?, into out: inout [UInt8]) -> Int {
        let next = start + 1 < bytes.count ? bytes[start + 1] : 0
        if next == 33 {  // "<!": comments and declarations are copied whole
            let isComment = bytes[start...].starts(with: [60, 33, 45, 45])
            if isComment || (start + 2 < bytes.count && isAlpha(bytes[start + 2]))
                || bytes[start...].starts(with: [60, 33, 91])
            {
                let end =
                    isComment ? find([45, 45, 62], in: bytes, from: start + 4) : find([62], in: bytes, from: start)
                out.append(contentsOf: bytes[start..<end])
                return end
            }
        }
        let closing = next == 47
        let nameStart = start + (closing ? 2 : 1)
        // `<>` and `</>` are SGML's empty start and end tags (ISO 8879 §7.4.1.1 / §7.5.1.1, SHORTTAG, which the
        // HTML 2.0 SGML declaration enables and feedparser's SGML parser honours): markup without text, dropped.
        if nameStart < bytes.count, bytes[nameStart] == 62 { return nameStart + 1 }
        guard nameStart < bytes.count, isAlpha(bytes[nameStart]) else {
            out.append(contentsOf: "&lt;".utf8)
            return start + 1
        }
        var index = nameStart
        while index < bytes.count, isAlnum(bytes[index]) || bytes[index] == 58 || bytes[index] == 45 { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        var attributes: [(String, String?)] = []
        var selfClosing = false
        // Attributes up to ">" (HTML 5 §13.1.2.3: unquoted, single- or double-quoted values, or no value).
        while index < bytes.count, bytes[index] != 62 {
            let byte = bytes[index]
            if isSpace(byte) || byte == 47 {
                if byte == 47 { selfClosing = true }
                index += 1
                continue
            }
            selfClosing = false
            let attributeStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != 61, bytes[index] != 62,
                !(bytes[index] == 47 && index + 1 < bytes.count && bytes[index + 1] == 62)
            {
                index += 1
            }
            let attributeName = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == 61 else {
                attributes.append((attributeName, nil))
                continue
            }
            index += 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < bytes.count, bytes[index] == 34 || bytes[index] == 39 {
                let quote = bytes[index]
                let valueStart = index + 1
                index = valueStart
                while index < bytes.count, bytes[index] != quote { index += 1 }
                value = String(decoding: bytes[valueStart..<min(index, bytes.count)], as: UTF8.self)
                index += 1
            } else {
                let valueStart = index
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != 62 { index += 1 }
                value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
            }
            attributes.append((attributeName, value))
        }
        // A void element has no end tag (HTML 5 §13.1.2); `</br>` only appears in recovered or careless markup.
        if closing, voidElements.contains(name) { return min(index + 1, bytes.count) }
        // feedparser writes attributes in name order; doing the same keeps outputs comparable.
        attributes.sort { $0.0 < $1.0 }
        out.append(60)
        if closing { out.append(47) }
        out.append(contentsOf: name.utf8)
        for (attributeName, value) in attributes where !closing {
            out.append(32)
            out.append(contentsOf: attributeName.utf8)
            guard var value else { continue }
            if urlAttributes.contains(attributeName) {
                value = URLResolver.resolve(value.trimmingWhitespace, against: base)
            }
            out.append(contentsOf: "=\"".utf8)
            appendEscaped(value, into: &out)
            out.append(34)
        }
        if !closing, selfClosing || voidElements.contains(name) { out.append(contentsOf: " /".utf8) }
        out.append(62)
        return min(index + 1, bytes.count)
    }

    private static func appendEscaped(_ value: String, into out: inout [UInt8]) {
        let bytes = Array(value.utf8)
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 38:
                index = copyReference(bytes, at: index, into: &out)
                continue
            case 60: out.append(contentsOf: "&lt;".utf8)
            case 62: out.append(contentsOf: "&gt;".utf8)
            case 34: out.append(contentsOf: "&quot;".utf8)
            default: out.append(bytes[index])
            }
            index += 1
        }
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index..<index + needle.count].elementsEqual(needle) { return index + needle.count }
            index += 1
        }
        return bytes.count
    }

    private static func isAlpha(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }
    private static func isAlnum(_ byte: UInt8) -> Bool { isAlpha(byte) || (byte >= 48 && byte <= 57) }
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
}
