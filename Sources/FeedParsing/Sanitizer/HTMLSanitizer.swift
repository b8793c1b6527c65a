import FeedXML

/// Makes feed HTML safe to show: an allowlist of elements and attributes over libxml2's HTML parse of the
/// fragment, serialised again. Scripts, styles, frames, plug-ins and forms go; event-handler (`on…`) attributes
/// go, `style` attributes keep only layout and colour (``StyleSanitizer``); `javascript:`, `vbscript:` and
/// `data:` URLs go. The element and attribute lists follow the ones feedparser's sanitizer documents (so its
/// conformance corpus measures this one), minus forms.
///
/// A fragment that a strict byte scan proves holds nothing to remove is returned exactly as the publisher wrote
/// it: re-serialising would rewrite character references (`&#38;` to `&amp;`) and quoting for no safety gain,
/// and feedparser likewise keeps references as written. Anything else is rebuilt from the parsed tree. Elements
/// whose content browsers read as raw text (`noscript`, `textarea`, `xmp`, `title`) are not allowed, so a
/// fragment that libxml2 and a browser could read differently (mutation XSS) is always rebuilt.
enum HTMLSanitizer {
    /// Cleans one HTML fragment. Text without markup is returned as it is: there is nothing to remove, and a
    /// multi-megabyte plain text field need not pass through the HTML parser.
    ///
    /// Only the byte scan (``isPlainlySafe(_:)``) may pass a fragment through unparsed. Once libxml2 has parsed
    /// it, the output is always rebuilt from the tree: libxml2 can swallow part of the source without a node to
    /// show for it (an unterminated `<!-- -- x >` comment hides a following `<script>` from the tree but not
    /// from a browser), so "the tree holds nothing to remove" does not prove the source safe.
    static func clean(_ html: String) -> String {
        guard html.containsASCII(60), !isPlainlySafe(html) else { return html }
        let document = HTMLNode.parseFragment(html)
        var output = ""
        output.reserveCapacity(html.utf8.count)
        for node in body(of: document) { write(node, into: &output) }
        return output
    }

    /// The children of the `<body>` libxml2 put the fragment in (head-only elements moved to `<head>` are all
    /// removed anyway).
    private static func body(of document: [HTMLNode]) -> [HTMLNode] {
        for case .element("html", _, let children) in document {
            for case .element("body", _, let body) in children { return body }
        }
        return document
    }

    private static func write(_ node: HTMLNode, into output: inout String) {
        switch node {
        case .text(let text):
            output += escaped(text, quotes: false)
        case .comment:
            // Comments carry nothing a reader sees, and old IE ran conditional comments: drop them.
            break
        case .element(let name, let attributes, let children):
            if droppedWithContent.contains(name) { return }
            guard allowedElements.contains(name) else {
                // Unknown or unsafe wrappers (<blink>, <form>, <html>, <body>) go, their content stays.
                for child in children { write(child, into: &output) }
                return
            }
            output += "<" + name
            for attribute in attributes {
                var value = attribute.value
                if attribute.name == "style" {
                    // Layout and colour survive; anything that can load or run something drops the attribute.
                    value = StyleSanitizer.clean(value)
                    if value.isEmpty { continue }
                } else if !keeps(attribute) {
                    continue
                }
                output += " " + attribute.name + "=\"" + escaped(value, quotes: true) + "\""
            }
            if voidElements.contains(name) {
                output += " />"
                return
            }
            output += ">"
            for child in children { write(child, into: &output) }
            output += "</" + name + ">"
        }
    }

    /// Allowed attributes only; URL-valued ones only when their scheme cannot run code.
    private static func keeps(_ attribute: HTMLAttribute) -> Bool {
        guard allowedAttributes.contains(attribute.name) else { return false }
        guard urlAttributes.contains(attribute.name) else { return true }
        return !runsCode(attribute.value)
    }

    /// True for `javascript:`, `vbscript:` and `data:` URLs. Browsers ignore ASCII tab, newline and leading
    /// control characters and spaces when reading a scheme (WHATWG URL §4.4 "basic URL parser"), so
    /// `java\tscript:` counts too.
    static func runsCode(_ url: String) -> Bool {
        if let verdict = url.utf8.withContiguousStorageIfAvailable({ runsCode(utf8: $0) }) { return verdict }
        return Array(url.utf8).withUnsafeBufferPointer { runsCode(utf8: $0) }
    }

    /// ``runsCode(_:)`` over a URL's UTF-8 bytes: the bytes before the first `:`, without those up to U+0020,
    /// lower-cased. A non-ASCII byte there means no match: no non-ASCII character lower-cases to a letter of
    /// these three schemes (U+212A KELVIN SIGN, the one that lower-cases to ASCII, gives `k`).
    static func runsCode(utf8 url: UnsafeBufferPointer<UInt8>) -> Bool {
        var scheme: UInt64 = 0  // up to eight lower-cased bytes, packed; the longest scheme here has ten
        var length = 0
        var tail: UInt16 = 0  // the ninth and tenth
        for byte in url {
            if byte == 58 { break }
            if byte <= 0x20 { continue }
            guard byte < 0x80, length < 10 else { return false }
            let lowered = byte >= 65 && byte <= 90 ? byte | 32 : byte
            if length < 8 { scheme = scheme << 8 | UInt64(lowered) } else { tail = tail << 8 | UInt16(lowered) }
            length += 1
        }
        switch length {
        case 4: return scheme == 0x6461_7461  // data
        case 8: return scheme == 0x7662_7363_7269_7074  // vbscript
        case 10: return scheme == 0x6A61_7661_7363_7269 && tail == 0x7074  // javascript
        default: return false
        }
    }

    /// Escapes text for HTML output; `quotes` also escapes `"` for attribute values.
    private static func escaped(_ text: String, quotes: Bool) -> String {
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || (quotes && $0 == 34) }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
