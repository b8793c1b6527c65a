/// Resolves relative references against `xml:base` and the document URL with RFC 3986 §5.2's algorithm, on the
/// strings themselves: IRIs (RFC 3987) keep their non-ASCII characters, which Foundation's `URL` would reject.
enum URLResolver {
    /// `reference` made absolute against `base`; unchanged when it is already absolute or there is no base.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !base.isEmpty else { return reference }
        if hasScheme(reference) { return reference }
        let b = Components(base)
        guard let scheme = b.scheme else { return reference }
        let r = Components(reference)
        // RFC 3986 §5.2.2, with r.scheme undefined.
        var authority = b.authority
        var path: String
        var query = r.query
        if let referenceAuthority = r.authority {
            authority = referenceAuthority
            path = removeDotSegments(r.path)
        } else if r.path.isEmpty {
            path = String(b.path)
            if query == nil { query = b.query }
        } else if r.path.hasPrefix("/") {
            path = removeDotSegments(r.path)
        } else {
            path = removeDotSegments(Substring(merge(base: b, path: r.path)))
        }
        var result = scheme + ":"
        if let authority { result += "//" + authority }
        result += path
        if let query { result += "?" + query }
        if let fragment = r.fragment { result += "#" + fragment }
        return result
    }

    /// True when the reference starts with `scheme:` (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )).
    static func hasScheme<S: StringProtocol>(_ reference: S) -> Bool {
        hasScheme(utf8: reference.utf8)
    }

    /// ``hasScheme(_:)`` over UTF-8 bytes.
    static func hasScheme(utf8 bytes: some Sequence<UInt8>) -> Bool {
        var first = true
        for byte in bytes {
            let isAlpha =
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            if byte == UInt8(ascii: ":") { return !first }
            if first {
                guard isAlpha else { return false }
                first = false
                continue
            }
            guard
                isAlpha || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            else { return false }
        }
        return false
    }

    /// RFC 3986 §5.2.3.
    private static func merge(base: Components, path: Substring) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" + path }
        guard let slash = base.path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return String(path) }
        return String(base.path[...slash] + path)
    }

    /// RFC 3986 §5.2.4.
    private static func removeDotSegments(_ path: Substring) -> String {
        guard path.utf8.contains(UInt8(ascii: ".")) else { return String(path) }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (position, segment) in segments.enumerated() {
            let isLast = position == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if output.count > 1 { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        var joined = output.joined(separator: "/")
        if path.hasPrefix("/"), !joined.hasPrefix("/") { joined = "/" + joined }
        return joined
    }

    /// RFC 3986 Appendix B's split of a reference into its five components. The delimiters are ASCII, so they are
    /// found in the UTF-8 view (a byte search, not a walk over grapheme clusters).
    private struct Components {
        var scheme: String?
        var authority: Substring?
        var path: Substring
        var query: Substring?
        var fragment: Substring?

        init(_ text: String) {
            var rest = Substring(text)
            if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
                fragment = rest[rest.index(after: hash)...]
                rest = rest[..<hash]
            }
            if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
                query = rest[rest.index(after: question)...]
                rest = rest[..<question]
            }
            if URLResolver.hasScheme(rest), let colon = rest.utf8.firstIndex(of: UInt8(ascii: ":")) {
                scheme = String(rest[..<colon])
                rest = rest[rest.index(after: colon)...]
            }
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                let end = rest.utf8.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
                authority = rest[..<end]
                rest = rest[end...]
            }
            path = rest
        }
    }
}
