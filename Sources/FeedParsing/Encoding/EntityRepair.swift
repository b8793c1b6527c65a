/// Rewrites the two entity mistakes feeds make most, before libxml2 sees the bytes:
///
/// * HTML named references (`&nbsp;`, `&eacute;`) that the document never declares become numeric character
///   references, which XML 1.0 §4.1 always allows. libxml2's recovery would otherwise drop them.
/// * A bare `&` that starts no reference (`?a=1&b=2`) becomes `&amp;`; recovery would otherwise lose it.
///
/// Both are well-formedness errors (XML 1.0 §4.1, §2.4), so a repair marks the document ill-formed, as feedparser
/// flags `bozo`. CDATA sections and comments are copied untouched: `&` is literal there. Only for ASCII-compatible
/// encodings (the caller skips UTF-16/32).
enum EntityRepair {
    /// The repaired bytes, or nil when nothing needed repair (the common case costs one scan and no copy).
    static func repair(_ bytes: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var copiedUpTo = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 60 {  // "<": skip over CDATA sections, comments and the DOCTYPE's internal subset
                if let end = skipLiteralSection(bytes, from: index) {
                    index = end
                    continue
                }
                index += 1
                continue
            }
            guard byte == 38 else {  // "&"
                index += 1
                continue
            }
            let (replacement, consumed) = examineReference(bytes, at: index)
            if let replacement {
                if output.isEmpty { output.reserveCapacity(count + 64) }
                output.append(contentsOf: bytes[copiedUpTo..<index])
                output.append(contentsOf: replacement)
                copiedUpTo = index + consumed
            }
            index += consumed
        }
        guard copiedUpTo > 0 else { return nil }
        output.append(contentsOf: bytes[copiedUpTo..<count])
        return output
    }

    /// For the `&` at `start`: the bytes to write instead (nil = keep) and how many input bytes it covers.
    private static func examineReference(_ bytes: [UInt8], at start: Int) -> ([UInt8]?, Int) {
        let amp = Array("&amp;".utf8)
        var index = start + 1
        guard index < bytes.count else { return (amp, 1) }
        if bytes[index] == 35 {  // "&#": a character reference; libxml2 judges it
            return (nil, 1)
        }
        guard isNameStart(bytes[index]) else { return (amp, 1) }
        while index < bytes.count, index - start <= 32, isNameByte(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == 59 else { return (amp, 1) }  // no ";": a bare ampersand
        let name = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
        switch name {
        case "amp", "lt", "gt", "quot", "apos": return (nil, index - start + 1)
        default: break
        }
        guard let codePoint = HTMLEntities.codePoints[name] else { return (nil, index - start + 1) }
        return (Array("&#\(codePoint);".utf8), index - start + 1)
    }

    /// The index just past a `<![CDATA[…]]>`, `<!--…-->` or `<!DOCTYPE … [ … ]>` starting at `start`, or nil.
    private static func skipLiteralSection(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start + 3 < bytes.count, bytes[start + 1] == 33 else { return nil }  // "<!"
        if bytes[start + 2] == 91 {  // "<![CDATA["
            return find([93, 93, 62], in: bytes, from: start + 3)
        }
        if bytes[start + 2] == 45, bytes[start + 3] == 45 {  // "<!--"
            return find([45, 45, 62], in: bytes, from: start + 4)
        }
        if bytes[start + 2] == 68 {  // "<!DOCTYPE": entity values in its internal subset are the DTD's business
            var index = start + 2
            var inSubset = false
            while index < bytes.count {
                if bytes[index] == 91 { inSubset = true }
                if bytes[index] == 93 { inSubset = false }
                if bytes[index] == 62, !inSubset { return index + 1 }
                index += 1
            }
            return bytes.count
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index + 1] == needle[1], bytes[index + 2] == needle[2] {
                return index + needle.count
            }
            index += 1
        }
        return bytes.count
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 58
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 46
    }
}
