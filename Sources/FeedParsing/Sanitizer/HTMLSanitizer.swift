import FeedXML

/// Makes feed HTML safe to show: an allowlist of elements and attributes over libxml2's HTML parse of the
/// fragment, serialised again. Scripts, styles, frames, plug-ins and forms go; event-handler (`on…`) attributes
/// go, `style` attributes keep only layout and colour (``StyleSanitizer``); a URL attribute stays only when its
/// scheme is on a short allowlist (``allowsURL(_:)``). The element and attribute lists follow the ones
/// feedparser's sanitizer documents (so its conformance corpus measures this one), minus forms.
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

    /// Allowed attributes only; URL-valued ones only with an allowed scheme (``allowsURL(_:)``).
    private static func keeps(_ attribute: HTMLAttribute) -> Bool {
        guard allowedAttributes.contains(attribute.name) else { return false }
        guard urlAttributes.contains(attribute.name) else { return true }
        return allowsURL(attribute.value)
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
