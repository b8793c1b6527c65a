import FeedXML

extension HTMLSanitizer {
    /// True when a byte scan alone proves that the allowlist has nothing to remove from `html`, so the fragment
    /// can be kept as written without building libxml2's tree (most feed HTML: paragraphs, links, lists, images).
    ///
    /// The scan accepts only an unambiguous subset of HTML syntax (WHATWG HTML §13.2.5 tokenization): start tags
    /// `<name attr="value" attr='value' attr>` and `/>`, end tags `</name>`, `<!DOCTYPE …>` declarations, and text
    /// with no other `<`. Every element must be allowed, and none of the allowed ones has raw-text content (scripts, styles, `textarea`,
    /// `title`, `noscript` are all excluded), so a browser and libxml2 split such a fragment into the same tags.
    /// Every attribute must be allowed, and a URL attribute's scheme too. Anything else (comments,
    /// `<!`, `<?`, unquoted values, a `&` in a URL's scheme, very deep nesting) answers false, and the caller
    /// takes the full parse: this is a shortcut, never a second opinion.
    static func isPlainlySafe(_ html: String) -> Bool {
        if let answer = html.utf8.withContiguousStorageIfAvailable({ scanPlainlySafe($0) }) { return answer }
        return Array(html.utf8).withUnsafeBufferPointer { scanPlainlySafe($0) }
    }

    /// Nesting past this many open elements goes to the full parse, whose converter stops at
    /// ``HTMLNode/maximumDepth`` (and then rebuilds the fragment).
    private static let fastPathDepth = 200

    private static func scanPlainlySafe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        // No NUL anywhere (one vectorised pass), then `memchr` jumps from `<` to `<`: text between tags is never
        // looked at byte by byte.
        if bytes.index(of: 0, from: 0) < count { return false }
        var index = 0
        var depth = 0
        while index < count {
            let open = bytes.index(of: UInt8(ascii: "<"), from: index)
            guard open < count else { break }
            index = open + 1
            guard index < count else { return false }
            if bytes[index] == UInt8(ascii: "!"), index + 1 < count, isLetter(bytes[index + 1]) {
                // `<!DOCTYPE …>`: a DOCTYPE token, which a browser ignores inside a body (WHATWG HTML §13.2.6.4.7)
                // and which ends at the first `>`; without a `<` before it, no tag hides inside. Comments (`<!--`)
                // and CDATA (`<![`) are not accepted here.
                index += 1
                while index < count, bytes[index] != UInt8(ascii: ">") {
                    if bytes[index] == UInt8(ascii: "<") || bytes[index] == 0 { return false }
                    index += 1
                }
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "/") {  // "</name>"
                index += 1
                guard let (name, end) = tagName(bytes, at: index), elementNames.contains(name) else { return false }
                index = skipSpace(bytes, at: end)
                guard index < count, bytes[index] == UInt8(ascii: ">") else { return false }
                index += 1
                depth -= 1
                continue
            }
            guard let (name, end) = tagName(bytes, at: index), elementNames.contains(name) else { return false }
            guard let (after, selfClosing) = scanAttributes(bytes, at: end) else { return false }
            index = after
            if !selfClosing, !voidNames.contains(name) {
                depth += 1
                if depth > fastPathDepth { return false }
            }
        }
        return true
    }

    /// The attributes of a start tag up to and including its `>`; the index after it and whether it closed
    /// with `/>`, or nil when an attribute is not allowed or not in the accepted syntax. `bytes` hold no NUL.
    private static func scanAttributes(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Bool)? {
        var index = start
        while true {
            let spaced = index < bytes.count && isSpace(bytes[index])
            index = skipSpace(bytes, at: index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ">") { return (index + 1, false) }
            if bytes[index] == UInt8(ascii: "/") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else { return nil }
                return (index + 2, true)
            }
            // Attributes are separated by white space (a browser would also split `a="1"b="2"`; libxml2 not).
            guard spaced, let (name, end) = tagName(bytes, at: index), attributeNames.contains(name) else {
                return nil
            }
            index = end
            guard index < bytes.count else { return nil }
            guard bytes[index] == UInt8(ascii: "=") else { continue }  // a bare attribute: `<td nowrap>`
            index += 1
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                return nil
            }
            let quote = bytes[index]
            let valueStart = index + 1
            // The fragment holds no NUL (checked before the scan), so the value ends at the next quote.
            let valueEnd = bytes.index(of: quote, from: valueStart)
            guard valueEnd < bytes.count else { return nil }
            if urlNames.contains(name), !isSafeURL(UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])) {
                return nil
            }
            index = valueEnd + 1
        }
    }

    /// A URL attribute's raw value that ``allowsURL(utf8:)`` allows. A character reference before the first
    /// `:`, `/`, `?` or `#` could spell a scheme (`&#106;avascript:`), so it is left to the full parse, which
    /// decodes it.
    private static func isSafeURL(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var schemeEnd = 0
        while schemeEnd < value.count,
            ![UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")].contains(value[schemeEnd])
        {
            if value[schemeEnd] == UInt8(ascii: "&") { return false }
            schemeEnd += 1
        }
        return allowsURL(utf8: value)
    }

    /// A lower-cased tag or attribute name (ASCII letter, then letters, digits, `-`, `:`) and the index after it.
    private static func tagName(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Name, Int)? {
        guard start < bytes.count, isLetter(bytes[start]) else { return nil }
        var end = start + 1
        while end < bytes.count,
            isLetter(bytes[end]) || (bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: ":"))
                || bytes[end] == UInt8(ascii: "-")
        {
            end += 1
        }
        guard end - start <= 32 else { return nil }
        return (Name(UnsafeBufferPointer(rebasing: bytes[start..<end])), end)
    }

    /// A name as the scan compares it: up to eight lower-cased ASCII bytes packed into an integer, so the scan of
    /// every tag allocates nothing; longer names as strings.
    private enum Name: Hashable {
        case short(UInt64)
        case long(String)

        init(_ bytes: some Collection<UInt8>) {
            guard bytes.count <= 8 else {
                self = .long(String(decoding: bytes.map { $0 | (isUpper($0) ? 0x20 : 0) }, as: UTF8.self))
                return
            }
            var key: UInt64 = 0
            for byte in bytes { key = key << 8 | UInt64(byte | (isUpper(byte) ? 0x20 : 0)) }
            self = .short(key)
        }
    }

    private static let elementNames = NameSet(allowedElements)
    private static let attributeNames = NameSet(allowedAttributes)
    private static let voidNames = NameSet(voidElements)
    private static let urlNames = NameSet(urlAttributes)

    /// A set of names searched without hashing: the short ones as sorted integers (a binary search of a hundred
    /// takes seven compares), the long ones in a `Set`. Hashing every tag and attribute name with SipHash cost
    /// more than the rest of the scan of a tag.
    private struct NameSet {
        let shorts: [UInt64]
        let longs: Set<String>

        init(_ names: Set<String>) {
            var shorts: [UInt64] = []
            var longs = Set<String>()
            for name in names {
                switch Name(name.utf8) {
                case .short(let key): shorts.append(key)
                case .long(let long): longs.insert(long)
                }
            }
            self.shorts = shorts.sorted()
            self.longs = longs
        }

        func contains(_ name: Name) -> Bool {
            switch name {
            case .long(let long): return longs.contains(long)
            case .short(let key):
                return shorts.withUnsafeBufferPointer { sorted in
                    var low = 0
                    var high = sorted.count
                    while low < high {
                        let middle = (low &+ high) >> 1  // both below the count: no overflow, no sign
                        if sorted[middle] < key { low = middle + 1 } else { high = middle }
                    }
                    return low < sorted.count && sorted[low] == key
                }
            }
        }
    }

    private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// HTML's ASCII white space (WHATWG Infra): tab, LF, FF, CR, space.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\u{0C}") || byte == UInt8(ascii: "\r")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
}
