import FeedXML
import Foundation

/// What is in scope at an element: the base URI (XML Base §4.2, falling back to the document URL per RFC 3986
/// §5.1.3) and the language (XML 1.0 §2.12 `xml:lang`).
struct Scope: Sendable {
    var base: String?
    var language: String?

    /// The scope inside `tag`: its `xml:base` resolved against ours, its `xml:lang` replacing ours.
    func entering(_ tag: XMLStartTag) -> Scope {
        guard !tag.attributes.isEmpty else { return self }
        var inner = self
        if let base = tag.attribute("base", namespace: Namespace.xml) {
            inner.base = URLResolver.resolve(base, against: self.base)
        }
        if let language = tag.attribute("lang", namespace: Namespace.xml) {
            // BCP 47 separates subtags with "-"; "en_US" is a common POSIX-locale slip.
            inner.language = language.isEmpty ? nil : language.replacingOccurrences(of: "_", with: "-")
        }
        return inner
    }

    /// A URL attribute or element value resolved against the base (RFC 3986 §5.2).
    func resolve(_ reference: String) -> String {
        URLResolver.resolve(reference.trimmingWhitespace, against: base)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace (XML 1.0 §2.3 `S`).
    var trimmingWhitespace: String {
        // Native strings are contiguous UTF-8: look at the bytes directly (no index walking, no array of the
        // four bytes per comparison); the cut falls on ASCII bytes, so on character boundaries.
        let cut: (Int, Int)? = utf8.withContiguousStorageIfAvailable { bytes in
            var start = 0
            var end = bytes.count
            while start < end, Self.isXMLSpace(bytes[start]) { start += 1 }
            while end > start, Self.isXMLSpace(bytes[end - 1]) { end -= 1 }
            return (start, bytes.count - end)
        }
        if let (leading, trailing) = cut {
            if leading == 0, trailing == 0 { return self }
            let start = utf8.index(utf8.startIndex, offsetBy: leading)
            let end = utf8.index(utf8.endIndex, offsetBy: -trailing)
            return String(self[start..<end])
        }
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last,
            first == 32 || first == 9 || first == 10 || first == 13 || last == 32 || last == 9 || last == 10
                || last == 13
        else { return self }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, [32, 9, 10, 13].contains(bytes[start]) { start = bytes.index(after: start) }
        while end > start, [32, 9, 10, 13].contains(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(self[start..<end])
    }

    private static func isXMLSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    /// nil for an empty (or all-whitespace) string, else the trimmed string.
    var nonEmpty: String? {
        let trimmed = trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }
}
