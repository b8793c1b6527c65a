extension HTMLSanitizer {
    /// True when a URL attribute may keep `url`: a relative reference, or an absolute URL whose scheme is one of
    /// ``allowedSchemes``. Every other scheme is dropped, known or not: a list of dangerous schemes
    /// (`javascript:`, `vbscript:`, `data:`) misses the next one a browser or a plug-in learns to run.
    static func allowsURL(_ url: String) -> Bool {
        if let verdict = url.utf8.withContiguousStorageIfAvailable({ allowsURL(utf8: $0) }) { return verdict }
        return Array(url.utf8).withUnsafeBufferPointer { allowsURL(utf8: $0) }
    }

    /// ``allowsURL(_:)`` over a URL's UTF-8 bytes (character references already decoded).
    ///
    /// The scheme is read as a browser reads it (WHATWG URL §4.4 "basic URL parser", scheme start and scheme
    /// states), erring towards seeing one: bytes up to U+0020 are skipped wherever they fall before the `:` (a
    /// browser strips leading C0 controls and spaces and removes tabs and newlines anywhere), the rest must be an
    /// ASCII letter then letters, digits, `+`, `-` or `.`, compared in lower case. A `/`, `?` or `#` before any
    /// `:`, no `:` at all, or any other byte before it makes a relative reference to a browser, which cannot run
    /// anything of its own and is kept.
    static func allowsURL(utf8 url: UnsafeBufferPointer<UInt8>) -> Bool {
        var scheme: UInt64 = 0  // the lower-cased scheme, packed; every allowed one fits in eight bytes
        var length = 0
        for byte in url {
            switch byte {
            case UInt8(ascii: ":"):
                return length > 0 && length <= 8 && allowedSchemes.contains(scheme)
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                return true
            case ...UInt8(ascii: " "):
                continue
            default:
                let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                let isLetter = lowered >= UInt8(ascii: "a") && lowered <= UInt8(ascii: "z")
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                let isMark = byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                // Not a scheme a browser would read: the whole value is a relative reference.
                guard isLetter || (length > 0 && (isDigit || isMark)) else { return true }
                if length < 8 { scheme = scheme << 8 | UInt64(lowered) }
                length += 1
            }
        }
        return true
    }

    /// The schemes a feed's links and images may use, packed as ``allowsURL(utf8:)`` packs them. Beyond the web's
    /// own (`http`, `https`) and `mailto`, each is one feeds carry in earnest and one a browser hands to another
    /// program instead of running in the page:
    /// - `tel`: phone numbers in local news, events and podcast show notes; the browser offers to dial.
    /// - `ftp`: download links in software release and mirror feeds (browsers no longer open it themselves).
    /// - `magnet`: torrent feeds link their downloads this way; it opens a torrent client.
    /// - `feed`: "subscribe" links to other feeds (the `feed:` URI scheme draft), opened by a feed reader.
    ///
    /// An array, not a set: seven compares cost less than hashing the scheme for every link of a feed.
    static let allowedSchemes: [UInt64] = ["http", "https", "mailto", "tel", "ftp", "magnet", "feed"].map { name in
        name.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
