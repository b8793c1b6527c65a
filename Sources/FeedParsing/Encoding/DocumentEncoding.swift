import FeedXML

/// Chooses the character set a feed document is decoded with, in the order RFC 7303 §3 gives: byte order mark,
/// then the HTTP `charset` parameter, then the XML declaration's `encoding` (XML 1.0 §4.3.3), then UTF-8.
struct DocumentEncoding: Equatable {
    /// The lower-case charset name reported in the feed JSON.
    var name: String
    /// The name to force on libxml2, nil to let it read the BOM / declaration itself.
    var override: String?
    /// False for UTF-16/32 documents, whose bytes the ASCII-level entity repair must not touch.
    var asciiCompatible: Bool
    /// Bytes of byte order mark to drop before handing the document to libxml2 with a forced encoding.
    var byteOrderMarkLength = 0

    static func detect(_ bytes: [UInt8], contentType: String?) -> DocumentEncoding {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return DocumentEncoding(name: "utf-8", override: nil, asciiCompatible: true)
        }
        // XML 1.0 Appendix F.1: a BOM, or the bytes of "<?" in a wide encoding. UTF-32 before UTF-16, whose
        // little-endian BOM is a prefix of UTF-32's. Forced explicitly: libxml2 would trust a lying declaration.
        let wide: [([UInt8], String, Int)] = [
            ([0x00, 0x00, 0xFE, 0xFF], "UTF-32BE", 4), ([0xFF, 0xFE, 0x00, 0x00], "UTF-32LE", 4),
            ([0x00, 0x00, 0x00, UInt8(ascii: "<")], "UTF-32BE", 0),
            ([UInt8(ascii: "<"), 0x00, 0x00, 0x00], "UTF-32LE", 0),
            ([0xFE, 0xFF], "UTF-16BE", 2), ([0xFF, 0xFE], "UTF-16LE", 2),
            ([0x00, UInt8(ascii: "<"), 0x00, UInt8(ascii: "?")], "UTF-16BE", 0),
            ([UInt8(ascii: "<"), 0x00, UInt8(ascii: "?"), 0x00], "UTF-16LE", 0),
        ]
        for (signature, name, bomLength) in wide where bytes.starts(with: signature) {
            return DocumentEncoding(
                name: name.lowercased(), override: name, asciiCompatible: false, byteOrderMarkLength: bomLength)
        }
        if let charset = httpCharset(contentType), isSupported(charset) {
            return DocumentEncoding(name: canonical(charset), override: decoder(charset), asciiCompatible: true)
        }
        if let declared = declaredEncoding(bytes) {
            let lower = declared.lowercased()
            // A UTF-16 declaration on bytes without a BOM or UTF-16 layout is a lie (the detection above would
            // have caught real UTF-16); read the bytes as UTF-8 like feedparser does.
            if lower.hasPrefix("utf-16") || lower.hasPrefix("utf-32") || lower.hasPrefix("ucs") {
                return fallback(bytes)
            }
            if isSupported(declared) {
                // libxml2 reads a UTF-8 declaration natively; forcing it would route every byte through a
                // conversion pass (a tenth of the parse time).
                let override = canonical(declared) == "utf-8" ? nil : decoder(declared)
                return DocumentEncoding(name: canonical(declared), override: override, asciiCompatible: true)
            }
        }
        return fallback(bytes)
    }

    /// No usable label: UTF-8 if the bytes are valid UTF-8, otherwise windows-1252, the encoding mislabelled
    /// Western feeds really use (feedparser falls back the same way).
    private static func fallback(_ bytes: [UInt8]) -> DocumentEncoding {
        if String(validating: bytes, as: UTF8.self) != nil {
            // Without a declaration XML 1.0 §4.3.3 defaults to UTF-8, libxml2's native input.
            let declared = declaredEncoding(bytes)
            return DocumentEncoding(name: "utf-8", override: declared == nil ? nil : "UTF-8", asciiCompatible: true)
        }
        return DocumentEncoding(name: "windows-1252", override: "windows-1252", asciiCompatible: true)
    }

    /// The decoder to use: GB2312 and GBK text is decoded as their superset GB18030 (as browsers and feedparser
    /// do), since real "GB2312" feeds contain GBK characters.
    private static func decoder(_ name: String) -> String {
        canonical(name) == "gb18030" ? "GB18030" : name
    }

    /// The XML reader (libxml2, through iconv) knows the charset.
    private static func isSupported(_ name: String) -> Bool { XMLCharset.isSupported(name) }

    /// Normalises common aliases to the names feedparser reports.
    private static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        switch lower {
        case "utf8": return "utf-8"
        case "latin1", "latin-1", "iso_8859-1", "iso8859-1": return "iso-8859-1"
        case "cp1252": return "windows-1252"
        case "gb2312", "gbk": return "gb18030"
        default: return lower
        }
    }

    /// The `charset` parameter of a Content-Type header (RFC 9110 §8.3.2), unquoted.
    static func httpCharset(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2,
                parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset"
            else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["\"", "'"])
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// `encoding="…"` from an XML declaration at the very start (XML 1.0 §2.8), read as ASCII.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let limit = min(bytes.count, 512)
        guard let close = bytes[0..<limit].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: bytes[0..<close], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        guard let end = rest.firstIndex(of: quote) else { return nil }
        let value = String(rest[..<end])
        return value.isEmpty ? nil : value
    }
}
