import FeedXML
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
            if memchr(base, Int32(UInt8(ascii: "&")), raw.count) != nil { return true }
            var offset = 0
            while offset < raw.count, let dash = memchr(base + offset, Int32(UInt8(ascii: "-")), raw.count - offset) {
                offset = base.distance(to: UnsafeRawPointer(dash)) + 1
                if offset < raw.count, raw[offset] == UInt8(ascii: "-") { return true }
            }
            return false
        }
    }

    /// The repaired bytes, or nil when nothing needed repair (the common case costs one scan and no copy).
    static func repair(_ bytes: [UInt8]) -> [UInt8]? {
        guard mayNeedRepair(bytes) else { return nil }
        var edits: [(Range<Int>, [UInt8])] = []
        var declared: Set<String> = []
        let count = bytes.count
        // Only two places can need a repair or change how the bytes after them are read: a `&`, and a `<!`
        // opening a CDATA section, comment or DOCTYPE. `memchr` jumps to the next of each; the plain text and
        // ordinary tags between them are never looked at byte by byte.
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            var nextAmpersand = buffer.index(of: UInt8(ascii: "&"), from: 0)
            var nextBang = findBang(in: buffer, from: 0)
            while index < count {
                if nextAmpersand < index { nextAmpersand = buffer.index(of: UInt8(ascii: "&"), from: index) }
                if nextBang < index { nextBang = findBang(in: buffer, from: index) }
                let position = min(nextAmpersand, nextBang)
                guard position < count else { break }
                if position == nextBang {
                    index =
                        skipLiteralSection(buffer, from: position, declared: &declared, edits: &edits) ?? position + 1
                    continue
                }
                let (replacement, consumed) = examineReference(buffer, at: position, declared: declared)
                if let replacement { edits.append((position..<(position + consumed), replacement)) }
                index = position + consumed
            }
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

    /// The index of the next `<!` at or after `start`, or the count when there is none (`!` is rare in text, so
    /// `memchr` for it and a look at the byte before is cheap).
    private static func findBang(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var offset = start + 1
        while true {
            let bang = buffer.index(of: UInt8(ascii: "!"), from: offset)
            guard bang < buffer.count else { return buffer.count }
            if buffer[bang - 1] == UInt8(ascii: "<") { return bang - 1 }
            offset = bang + 1
        }
    }

    private static let escapedAmpersand: [UInt8] = Array("&amp;".utf8)
    private static let lowerHexReference: [UInt8] = Array("&#x".utf8)

    /// For the `&` at `start`: the bytes to write instead (nil = keep) and how many input bytes it covers.
    private static func examineReference(
        _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, declared: Set<String>
    ) -> ([UInt8]?, Int) {
        let amp = escapedAmpersand
        var index = start + 1
        guard index < bytes.count else { return (amp, 1) }
        if bytes[index] == UInt8(ascii: "#") {  // "&#": a character reference; only the upper-case X needs fixing
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "X") { return (lowerHexReference, 3) }
            return (nil, 2)
        }
        guard isNameStart(bytes[index]) else { return (amp, 1) }
        while index < bytes.count, index - start <= 32, isNameByte(bytes[index]) { index += 1 }
        // No ";": a bare ampersand.
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { return (amp, 1) }
        let length = index - start + 1
        let nameBytes = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index])
        if isPredefined(nameBytes) { return (nil, length) }
        let name = String(decoding: nameBytes, as: UTF8.self)
        if declared.contains(name) { return (nil, length) }
        guard let codePoint = HTMLEntities.codePoints[name] else { return (amp, 1) }
        return (Array("&#\(codePoint);".utf8), length)
    }

    /// XML 1.0 §4.6's five predefined entities: `amp`, `lt`, `gt`, `quot`, `apos`, compared without a String.
    private static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return name[1] == UInt8(ascii: "t") && (name[0] == UInt8(ascii: "l") || name[0] == UInt8(ascii: "g"))
        case 3: return name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p")
        case 4:
            return
                (name[0] == UInt8(ascii: "q") && name[1] == UInt8(ascii: "u") && name[2] == UInt8(ascii: "o")
                && name[3] == UInt8(ascii: "t"))
                || (name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "p") && name[2] == UInt8(ascii: "o")
                    && name[3] == UInt8(ascii: "s"))
        default: return false
        }
    }

    /// The index just past a `<![CDATA[…]]>`, `<!--…-->` or `<!DOCTYPE … [ … ]>` starting at `start` (nil when
    /// `start` opens something else), recording the entity names a DOCTYPE declares and fixing `--` in comments.
    private static func skipLiteralSection(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, declared: inout Set<String>,
        edits: inout [(Range<Int>, [UInt8])]
    ) -> Int? {
        guard start + 3 < bytes.count, bytes[start + 1] == UInt8(ascii: "!") else { return nil }  // "<!"
        if bytes[start + 2] == UInt8(ascii: "[") {  // "<![CDATA["
            return findSectionEnd(in: bytes, from: start + 3)
        }
        if bytes[start + 2] == UInt8(ascii: "-"), bytes[start + 3] == UInt8(ascii: "-") {  // "<!--"
            var index = start + 4
            while index + 1 < bytes.count {
                index = bytes.index(of: UInt8(ascii: "-"), from: index)
                guard index + 1 < bytes.count else { break }
                if bytes[index + 1] == UInt8(ascii: "-") {
                    if index + 2 < bytes.count, bytes[index + 2] == UInt8(ascii: ">") { return index + 3 }
                    edits.append((index + 1..<index + 2, [UInt8(ascii: " ")]))
                    index += 2
                    continue
                }
                index += 1
            }
            return bytes.count
        }
        if bytes[start + 2] == UInt8(ascii: "D") {  // "<!DOCTYPE": note the entities its internal subset declares
            var index = start + 2
            var inSubset = false
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "["): inSubset = true
                case UInt8(ascii: "]"): inSubset = false
                case UInt8(ascii: ">") where !inSubset: return index + 1
                case UInt8(ascii: "<") where inSubset && bytes[index...].starts(with: "<!ENTITY".utf8):
                    var cursor = index + 8
                    while cursor < bytes.count,
                        bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t")
                            || bytes[cursor] == UInt8(ascii: "\n")
                    {
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

    /// The index just past the `]]>` at or after `start` (the end when absent).
    private static func findSectionEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        min(bytes.index(of: "]]>", from: start) + 3, bytes.count)
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }
}
