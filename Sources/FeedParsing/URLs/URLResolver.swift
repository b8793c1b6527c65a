import Foundation

/// Resolves relative references (RFC 3986 §5.2) against `xml:base` and the document URL.
enum URLResolver {
    /// `reference` made absolute against `base`; unchanged when it is already absolute, when there is no base or
    /// when either does not parse (a feed's broken link is still worth showing as written).
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !base.isEmpty else { return reference }
        if hasScheme(reference) { return reference }
        guard let baseURL = URL(string: base), let resolved = URL(string: reference, relativeTo: baseURL) else {
            return reference
        }
        return resolved.absoluteString
    }

    /// True when the reference starts with `scheme:` (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )).
    static func hasScheme(_ reference: String) -> Bool {
        var first = true
        for byte in reference.utf8 {
            let isAlpha = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            if byte == 58 { return !first }
            if first {
                guard isAlpha else { return false }
                first = false
                continue
            }
            guard isAlpha || (byte >= 48 && byte <= 57) || byte == 43 || byte == 45 || byte == 46 else { return false }
        }
        return false
    }
}
