import FeedXML
import Foundation

/// What is in scope at an element: the base URI (XML Base §4.2, falling back to the document URL per RFC 3986
/// §5.1.3) and the language (XML 1.0 §2.12 `xml:lang`).
struct Scope: Sendable {
    var base: String?
    var language: String?

    /// The scope inside `tag`: its `xml:base` resolved against ours, its `xml:lang` replacing ours.
    func entering(_ tag: XMLStartTag) -> Scope {
        // `xml:base` and `xml:lang` are the only attributes looked for, and most tags have no prefixed attribute.
        guard tag.attributes.contains(where: { !$0.namespace.isEmpty }) else { return self }
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
            let kept = bytes.trimmingXMLSpace()
            let leading = kept.baseAddress.map { bytes.baseAddress!.distance(to: $0) } ?? 0
            return (leading, bytes.count - leading - kept.count)
        }
        guard let (leading, trailing) = cut else {
            // A bridged or otherwise non-contiguous string: made contiguous once, then trimmed as above.
            var contiguous = self
            contiguous.makeContiguousUTF8()
            return contiguous.trimmingWhitespace
        }
        if leading == 0, trailing == 0 { return self }
        let start = utf8.index(utf8.startIndex, offsetBy: leading)
        let end = utf8.index(utf8.endIndex, offsetBy: -trailing)
        return String(self[start..<end])
    }

    /// nil for an empty (or all-whitespace) string, else the trimmed string.
    var nonEmpty: String? {
        let trimmed = trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }
}
