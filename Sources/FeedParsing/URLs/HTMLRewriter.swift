import FeedXML
import Foundation

/// Re-writes an HTML fragment from a feed the way feedparser's HTML pass does, in one byte scan: relative URLs in
/// URL attributes are resolved against the element's base (so the HTML still works when shown away from the
/// feed), tag and attribute names are lower-cased, attribute values are double-quoted with `<`, `>`, `"` and bare
/// `&` escaped, void elements close as `<br />`, and `<` or `&` that start no markup become `&lt;` / `&amp;`.
/// Text and comments are otherwise copied as they are.
///
/// The scan works on the string's UTF-8 bytes in place; names are compared and lower-cased as bytes, and only a
/// relative URL becomes a `String` (for ``URLResolver``). When the output equals the input (most feed HTML is
/// already written this way), the input string itself is returned.
enum HTMLRewriter {
    /// The rewritten fragment; returns `html` itself when it holds no `<` or `&`, or when nothing changed.
    static func rewrite(_ html: String, base: String?) -> String {
        guard html.containsASCII(UInt8(ascii: "<")) || html.containsASCII(UInt8(ascii: "&")) else { return html }
        if let result = html.utf8.withContiguousStorageIfAvailable({ rewrite($0, base: base) }) {
            return result ?? html
        }
        return Array(html.utf8).withUnsafeBufferPointer { rewrite($0, base: base) } ?? html
    }

    /// The rewritten bytes as a string, or nil when they equal the input.
    ///
    /// Most fragments come out as they went in, so nothing is written while that holds: each reference or tag is
    /// rewritten into the empty output and compared with its input bytes, and only the first one that differs
    /// makes the writer copy the input before it and go on writing everything.
    private static func rewrite(_ bytes: UnsafeBufferPointer<UInt8>, base: String?) -> String? {
        var writer = Writer(base: base)
        var index = 0
        // `memchr` finds the next `<` and the next `&`; the plain text before the nearer one is copied in one go.
        var nextOpen = -1
        var nextAmpersand = -1
        while index < bytes.count {
            if nextOpen < index { nextOpen = bytes.index(of: UInt8(ascii: "<"), from: index) }
            if nextAmpersand < index { nextAmpersand = bytes.index(of: UInt8(ascii: "&"), from: index) }
            let end = min(nextOpen, nextAmpersand)
            if end > index {
                if writer.writing { writer.out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end])) }
                index = end
                continue
            }
            let start = index
            if bytes[index] == UInt8(ascii: "&") {
                index = copyReference(bytes, at: index, into: &writer.out)
            } else {
                index = writer.copyMarkup(bytes, at: index)
            }
            guard !writer.writing else { continue }
            if writer.verbatim {  // a tag that is its own output, not written (see `Writer.writing`)
                writer.verbatim = false
                continue
            }
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<index])
            if writer.out.count == piece.count,
                writer.out.withUnsafeBytes({ memcmp($0.baseAddress!, piece.baseAddress!, piece.count) }) == 0
            {
                writer.out.removeAll(keepingCapacity: true)
            } else {
                writer.out.reserveCapacity(bytes.count + 32)
                writer.out.insert(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<start]), at: 0)
                writer.writing = true
            }
        }
        // Valid UTF-8 by construction (every piece is cut beside an ASCII byte and replaced by ASCII or a string),
        // and validated all the same: the bytes came from a feed, and a cut in the wrong place must cost a U+FFFD,
        // not a string that breaks its invariants.
        guard writer.writing else { return nil }
        return writer.out.withUnsafeBufferPointer { String(checkingUTF8: $0) }
    }

    /// Attributes holding URLs (HTML 4.01 §B / feedparser's `relative_uris`).
    private static let urlAttributes = packed([
        "href", "src", "cite", "action", "background", "longdesc", "usemap", "codebase", "data", "classid",
        "profile", "poster", "formaction", "icon", "manifest",
    ])

    /// HTML 5 §13.1.2 void elements.
    private static let voidElements = packed([
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ])

    /// True for a URL attribute; `name` in any case.
    static func isURLAttribute(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let key = NameKey(name) else { return false }
        return key.isIn(urlAttributes)
    }

    /// True for a void element; `name` in any case.
    static func isVoid(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        // Every void element's name has two to six letters: `p`, `a`, `b` and the long ones need no search.
        guard name.count >= 2, name.count <= 6, let key = NameKey(name) else { return false }
        return key.isIn(voidElements)
    }

    private static func packed(_ names: [String]) -> [NameKey] {
        names.compactMap { name in Array(name.utf8).withUnsafeBufferPointer { NameKey($0) } }
    }

    /// A name of up to 16 bytes, ASCII lower-cased, packed into two integers, so the lists above are searched by
    /// integer compares.
    private struct NameKey {
        var high: UInt64 = 0
        var low: UInt64 = 0

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count <= 16 else { return nil }
            for index in 0..<bytes.count {
                let byte = UInt64(
                    bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z")
                        ? bytes[index] | 0x20 : bytes[index])
                if index < 8 { high = high << 8 | byte } else { low = low << 8 | byte }
            }
            low |= UInt64(bytes.count) << 56
        }

        func isIn(_ keys: [NameKey]) -> Bool {
            keys.withUnsafeBufferPointer { buffer in
                for index in 0..<buffer.count where buffer[index].high == high && buffer[index].low == low {
                    return true
                }
                return false
            }
        }
    }

    /// A character or entity reference is copied (`&#X` lower-cased); a bare `&` becomes `&amp;`.
    static func copyReference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, into out: inout [UInt8])
        -> Int
    {
        var index = start + 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") { index += 1 }
        let hex =
            index < bytes.count && (bytes[index] == UInt8(ascii: "x") || bytes[index] == UInt8(ascii: "X"))
            && bytes[start + 1] == UInt8(ascii: "#")
        if hex { index += 1 }
        let nameStart = index
        while index < bytes.count, index - start < 34, isAlnum(bytes[index]) { index += 1 }
        if index > nameStart, index < bytes.count, bytes[index] == UInt8(ascii: ";") {
            if bytes[start + 1] == UInt8(ascii: "#"), let code = numericValue(bytes[nameStart..<index], hex: hex),
                code >= 0x80,
                code <= 0x9F
            {
                // A reference to a C1 control means the windows-1252 character at that byte ("&#146;" is ’).
                let scalar = UTF8Repair.windows1252(UInt8(code))
                out.append(contentsOf: "&#x\(String(scalar.value, radix: 16));".utf8)
                return index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<nameStart]))
            if hex { out[out.count - 1] = UInt8(ascii: "x") }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[nameStart...index]))
            return index + 1
        }
        out.append(contentsOf: "&amp;".utf8)
        return start + 1
    }

    private static func numericValue(_ digits: Slice<UnsafeBufferPointer<UInt8>>, hex: Bool) -> Int? {
        guard digits.count <= 6 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self), radix: hex ? 16 : 10)
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
    }
    static func isAlnum(_ byte: UInt8) -> Bool {
        isAlpha(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
    static func isSpace(_ byte: UInt8) -> Bool { byte.isXMLSpace }
}
