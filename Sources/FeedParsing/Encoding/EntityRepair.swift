import Foundation

/// Rewrites the markup mistakes feeds make most, before libxml2 sees the bytes (libxml2's recovery would drop
/// the text or, for a bad comment, the whole document):
///
/// * HTML named references (`&nbsp;`, `&eacute;`) that the document never declares become numeric character
///   references, which XML 1.0 §4.1 always allows.
/// * Any other undeclared name (`&doesnotexist;`) and a bare `&` that starts no reference (`?a=1&b=2`) become
///   text: `&amp;…`.
/// * `&#X41;` (XML 1.0 §4.1 wants a lower-case `x`) becomes `&#x41;`.
/// * `--` inside a comment (XML 1.0 §2.5 forbids it) becomes `- `.
///
/// Each is a well-formedness error, so a repair marks the document ill-formed, as feedparser flags `bozo`.
/// CDATA sections are copied untouched (`&` is literal there). Only for ASCII-compatible encodings (the caller
/// skips UTF-16/32).
enum EntityRepair {
    /// Every repair starts at a `&` or inside a comment's `--`; a document with neither (found by the C library's
    /// vectorised `memchr`) skips the byte-by-byte scan, which matters for multi-megabyte documents.
    private static func mayNeedRepair(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            if memchr(base, 38, raw.count) != nil { return true }
            var offset = 0
            while offset < raw.count, let dash = memchr(base + offset, 45, raw.count - offset) {
                offset = base.distance(to: UnsafeRawPointer(dash)) + 1
                if offset < raw.count, raw[offset] == 45 { return true }
            }
            return false
        }
    }

    /// The repaired bytes, or nil when nothing needed repair (the common case costs one scan and no copy).
    static func repair(_ bytes: [UInt8]) -> [UInt8]? {
        guard mayNeedRepair(bytes) else { return nil }
        var edits: [(Range<Int>, [UInt8])] = []
        var declared: Set<String> = []
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 60 {  // "<"
                index = skipLiteralSection(bytes, from: index, declared: &declared, edits: &edits) ?? index + 1
                continue
            }
            guard byte == 38 else {  // "&"
                index += 1
                continue
            }
            let (replacement, consumed) = examineReference(bytes, at: index, declared: declared)
            if let replacement { edits.append((index..<(index + consumed), replacement)) }
            index += consumed
        }
        guard !edits.isEmpty else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(count + edits.count * 8)
        var copied = 0
        for (range, replacement) in edits {
            output.append(contentsOf: bytes[copied..<range.lowerBound])
            output.append(contentsOf: replacement)
            copied = range.upperBound
        }
        output.append(contentsOf: bytes[copied..<count])
        return output
    }

    /// For the `&` at `start`: the bytes to write instead (nil = keep) and how many input bytes it covers.
    private static func examineReference(_ bytes: [UInt8], at start: Int, declared: Set<String>) -> ([UInt8]?, Int) {
        let amp: [UInt8] = Array("&amp;".utf8)
        var index = start + 1
        guard index < bytes.count else { return (amp, 1) }
        if bytes[index] == 35 {  // "&#": a character reference; only the upper-case X needs fixing
            if index + 1 < bytes.count, bytes[index + 1] == 88 { return (Array("&#x".utf8), 3) }
            return (nil, 2)
        }
        guard isNameStart(bytes[index]) else { return (amp, 1) }
        while index < bytes.count, index - start <= 32, isNameByte(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == 59 else { return (amp, 1) }  // no ";": a bare ampersand
        let length = index - start + 1
        let name = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
        switch name {
        case "amp", "lt", "gt", "quot", "apos": return (nil, length)
        default: break
        }
        if declared.contains(name) { return (nil, length) }
        guard let codePoint = HTMLEntities.codePoints[name] else { return (amp, 1) }
        return (Array("&#\(codePoint);".utf8), length)
    }

    /// The index just past a `<![CDATA[…]]>`, `<!--…-->` or `<!DOCTYPE … [ … ]>` starting at `start` (nil when
    /// `start` opens something else), recording the entity names a DOCTYPE declares and fixing `--` in comments.
    private static func skipLiteralSection(
        _ bytes: [UInt8], from start: Int, declared: inout Set<String>, edits: inout [(Range<Int>, [UInt8])]
    ) -> Int? {
        guard start + 3 < bytes.count, bytes[start + 1] == 33 else { return nil }  // "<!"
        if bytes[start + 2] == 91 {  // "<![CDATA["
            return find([93, 93, 62], in: bytes, from: start + 3)
        }
        if bytes[start + 2] == 45, bytes[start + 3] == 45 {  // "<!--"
            var index = start + 4
            while index + 1 < bytes.count {
                if bytes[index] == 45, bytes[index + 1] == 45 {
                    if index + 2 < bytes.count, bytes[index + 2] == 62 { return index + 3 }
                    edits.append((index + 1..<index + 2, [32]))
                    index += 2
                    continue
                }
                index += 1
            }
            return bytes.count
        }
        if bytes[start + 2] == 68 {  // "<!DOCTYPE": note the entities its internal subset declares
            var index = start + 2
            var inSubset = false
            while index < bytes.count {
                switch bytes[index] {
                case 91: inSubset = true
                case 93: inSubset = false
                case 62 where !inSubset: return index + 1
                case 60 where inSubset && bytes[index...].starts(with: Array("<!ENTITY".utf8)):
                    var cursor = index + 8
                    while cursor < bytes.count, bytes[cursor] == 32 || bytes[cursor] == 9 || bytes[cursor] == 10 {
                        cursor += 1
                    }
                    let nameStart = cursor
                    while cursor < bytes.count, isNameByte(bytes[cursor]) { cursor += 1 }
                    declared.insert(String(decoding: bytes[nameStart..<cursor], as: UTF8.self))
                default: break
                }
                index += 1
            }
            return bytes.count
        }
        return nil
    }

    /// The index just past the three-byte `needle` at or after `start` (the end when absent).
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        let last = needle[2]
        while index + 3 <= bytes.count {
            // Test the closing byte first: it is rare in text, so most positions are rejected by one compare.
            if bytes[index + 2] == last, bytes[index] == needle[0], bytes[index + 1] == needle[1] { return index + 3 }
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
