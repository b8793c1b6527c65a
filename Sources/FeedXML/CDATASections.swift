#if canImport(Glibc)
    import Glibc
#endif

/// A UTF-8 document with its CDATA sections taken out and a marker processing instruction
/// (``marker``) left in the place of each, for a strict reader to hand the sections' text to its sink itself.
///
/// Why: libxml2's push parser reads a CDATA section byte by byte twice (a search for `]]>` and a UTF-8 and
/// XML-character check), and feeds often carry their content in CDATA. Here `memchr` finds the ends and one
/// pass checks the text.
///
/// When: only where libxml2 would read the sections as plain text and complain about nothing in them, so that
/// the events are the same. ``extract(_:)`` declines (nil) a document with an internal DTD subset (entity
/// values could hold anything), an unterminated comment, processing instruction or section, a marker already
/// present, or a section holding a carriage return (line-end handling) or anything not an XML 1.0 `Char`
/// (§2.2) in valid UTF-8. A section outside the root element, an error libxml2 reports, is reported by the sink.
struct CDATASections {
    /// The document to parse: the input with each section replaced by ``marker``.
    let document: [UInt8]
    /// The input itself (shared with the caller's array, not copied): the sections' text is read from it.
    let text: [UInt8]
    /// Where each section's text lies in ``text``, in document order.
    let ranges: [Range<Int>]

    /// The processing instruction standing for a section (its target is ``markerTarget``).
    static let marker = Array("<?feedd-cdata?>".utf8)
    static let markerTarget = Array("feedd-cdata".utf8)

    /// True when a processing instruction's target (NUL-terminated) is ``markerTarget``.
    static func isMarker(_ target: UnsafePointer<UInt8>) -> Bool {
        for (offset, byte) in markerTarget.enumerated() where target[offset] != byte { return false }
        return target[markerTarget.count] == 0
    }

    /// The document without its sections, or nil when it has none or is declined (see the type's notes).
    static func extract(_ bytes: [UInt8]) -> CDATASections? {
        bytes.withUnsafeBufferPointer { input -> CDATASections? in
            var document: [UInt8] = []
            var ranges: [Range<Int>] = []
            var copied = 0
            var index = 0
            let count = input.count
            while case let open = input.index(of: UInt8(ascii: "<"), from: index), open < count {
                if input.has("<!--", at: open) {
                    let end = input.index(of: "-->", from: open + 4)
                    guard end < count else { return nil }
                    index = end + 3
                } else if input.has("<?", at: open) {
                    let end = input.index(of: "?>", from: open + 2)
                    guard !input.has("<?feedd-cdata", at: open), end < count else { return nil }
                    index = end + 2
                } else if input.has("<![CDATA[", at: open) {
                    let start = open + 9
                    let end = input.index(of: "]]>", from: start)
                    guard end < count, isPlainText(UnsafeBufferPointer(rebasing: input[start..<end])) else {
                        return nil
                    }
                    if document.isEmpty { document.reserveCapacity(input.count) }
                    document.append(contentsOf: UnsafeBufferPointer(rebasing: input[copied..<open]))
                    document.append(contentsOf: marker)
                    ranges.append(start..<end)
                    copied = end + 3
                    index = copied
                } else if input.has("<!", at: open) {
                    // A DOCTYPE (or another declaration): one with an internal subset is declined.
                    let close = input.index(of: UInt8(ascii: ">"), from: open)
                    guard close < count, input.index(of: UInt8(ascii: "["), from: open) > close else { return nil }
                    index = close + 1
                } else {
                    // A tag: attribute values hold no `<` in a well-formed document, so the next `<` is markup.
                    index = open + 1
                }
            }
            guard !ranges.isEmpty else { return nil }
            document.append(contentsOf: UnsafeBufferPointer(rebasing: input[copied...]))
            return CDATASections(document: document, text: bytes, ranges: ranges)
        }
    }

    /// True when the bytes are valid UTF-8 made of XML 1.0 `Char`s (tab, line feed, U+0020–U+D7FF,
    /// U+E000–U+FFFD, U+10000–U+10FFFF) without a carriage return: what libxml2 passes on from a section as is.
    static func isPlainText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return true }
        var index = 0
        while index < count {
            // Eight bytes at a time while they are printable ASCII: no high bit, none below 0x20.
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                guard word & high == 0, (word &- 0x2020_2020_2020_2020) & ~word & high == 0 else { break }
                index += 8
            }
            guard index < count else { return true }
            let byte = bytes[index]
            if byte < 0x80 {
                guard byte >= UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") else {
                    return false
                }
                index += 1
                continue
            }
            guard let length = scalarLength(bytes, at: index) else { return false }
            index += length
        }
        return true
    }

    /// The length of the UTF-8 sequence at `index` when it encodes an XML `Char` (no overlong form, surrogate,
    /// U+FFFE or U+FFFF, nothing past U+10FFFF), else nil.
    private static func scalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        func continuation(_ offset: Int) -> UInt32? {
            guard index + offset < bytes.count, bytes[index + offset] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[index + offset] & 0x3F)
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) == nil ? nil : 2
        case 0xE0...0xEF:
            guard let second = continuation(1), let third = continuation(2) else { return nil }
            let scalar = UInt32(lead & 0x0F) << 12 | second << 6 | third
            guard scalar >= 0x800, scalar < 0xD800 || scalar > 0xDFFF, scalar <= 0xFFFD else { return nil }
            return 3
        case 0xF0...0xF4:
            guard let second = continuation(1), let third = continuation(2), let fourth = continuation(3) else {
                return nil
            }
            let scalar = UInt32(lead & 0x07) << 18 | second << 12 | third << 6 | fourth
            guard scalar >= 0x10000, scalar <= 0x10FFFF else { return nil }
            return 4
        default:
            return nil
        }
    }
}
