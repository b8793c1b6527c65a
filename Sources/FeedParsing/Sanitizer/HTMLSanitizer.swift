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
package enum HTMLSanitizer {
    /// Cleans one HTML fragment. Text without markup is returned as it is: there is nothing to remove, and a
    /// multi-megabyte plain text field need not pass through the HTML parser.
    ///
    /// Only the byte scan (``isPlainlySafe(_:)``) may pass a fragment through unparsed. Once libxml2 has parsed
    /// it, the output is always rebuilt from the tree: libxml2 can swallow part of the source without a node to
    /// show for it (an unterminated `<!-- -- x >` comment hides a following `<script>` from the tree but not
    /// from a browser), so "the tree holds nothing to remove" does not prove the source safe.
    static func clean(_ html: String) -> String {
        keepsAsWritten(html) ? html : rebuilt(html)
    }

    /// True when ``clean(_:)`` returns `html` as written, without parsing it: no markup, or markup the byte scan
    /// proves holds nothing to remove. `feedd-sanitize-fuzz` checks that verdict against ``rebuilt(_:filtering:)``.
    package static func keepsAsWritten(_ html: String) -> Bool {
        !html.containsASCII(UInt8(ascii: "<")) || isPlainlySafe(html)
    }

    /// The fragment parsed by libxml2 and written again from its tree: through the allowlist, or with `filtering`
    /// false with every node and attribute as parsed (comments, and what libxml2 moved to `<head>`, too), which is
    /// what the allowlist must leave alone in a fragment ``keepsAsWritten(_:)`` passes.
    package static func rebuilt(_ html: String, filtering: Bool = true) -> String {
        let document = HTMLNode.parseFragment(html)
        var output = ""
        output.reserveCapacity(html.utf8.count)
        for node in contents(of: document, headToo: !filtering) { write(node, into: &output, filtering: filtering) }
        return output
    }

    /// The children of the `<body>` libxml2 put the fragment in (head-only elements it moved to `<head>` are all
    /// removed by the allowlist); with `headToo`, everything under `<html>`, its `<head>` and `<body>` unwrapped.
    private static func contents(of document: [HTMLNode], headToo: Bool) -> [HTMLNode] {
        for case .element("html", _, let children) in document {
            var contents: [HTMLNode] = []
            for child in children {
                switch child {
                case .element("body", _, let nodes): contents += nodes
                case .element("head", _, let nodes) where headToo: contents += nodes
                default: if headToo { contents.append(child) }
                }
            }
            return contents
        }
        return document
    }

    private static func write(_ node: HTMLNode, into output: inout String, filtering: Bool) {
        switch node {
        case .text(let text):
            output += MarkupEscaping.escaped(text, for: .text)
        case .comment(let text):
            // Comments carry nothing a reader sees, and old IE ran conditional comments: drop them.
            if !filtering { output += "<!--" + text + "-->" }
        case .element(let name, let attributes, let children):
            if filtering, droppedWithContent.contains(name) { return }
            guard !filtering || allowedElements.contains(name) else {
                // Unknown or unsafe wrappers (<blink>, <form>, <html>, <body>) go, their content stays.
                for child in children { write(child, into: &output, filtering: filtering) }
                return
            }
            output += "<" + name
            for attribute in attributes {
                var value = attribute.value
                if filtering, attribute.name == "style" {
                    // Layout and colour survive; anything that can load or run something drops the attribute.
                    value = StyleSanitizer.clean(value)
                    if value.isEmpty { continue }
                } else if filtering, !keeps(attribute) {
                    continue
                }
                output += " " + attribute.name + "=\"" + MarkupEscaping.escaped(value, for: .attribute) + "\""
            }
            if voidElements.contains(name) {
                output += " />"
                return
            }
            output += ">"
            for child in children { write(child, into: &output, filtering: filtering) }
            output += "</" + name + ">"
        }
    }

    /// Allowed attributes only; URL-valued ones only with an allowed scheme (``allowsURL(_:)``).
    private static func keeps(_ attribute: HTMLAttribute) -> Bool {
        guard allowedAttributes.contains(attribute.name) else { return false }
        guard urlAttributes.contains(attribute.name) else { return true }
        return allowsURL(attribute.value)
    }
}
