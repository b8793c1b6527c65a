import FeedXML

/// Makes feed HTML safe to show: an allowlist of elements and attributes over libxml2's HTML parse of the
/// fragment, serialised again. Scripts, styles, frames, plug-ins and forms go; event-handler (`on…`) and `style`
/// attributes go; `javascript:`, `vbscript:` and `data:` URLs go. The element and attribute lists follow the ones
/// feedparser's sanitizer documents (so its conformance corpus measures this one), minus forms.
///
/// A fragment in which the allowlist finds nothing to remove is returned exactly as the publisher wrote it:
/// re-serialising would rewrite character references (`&#38;` to `&amp;`) and quoting for no safety gain, and
/// feedparser likewise keeps references as written. Anything to remove, and the whole fragment is rebuilt from
/// the parsed tree. Elements whose content browsers read as raw text (`noscript`, `textarea`, `xmp`, `title`)
/// are not allowed, so a fragment that libxml2 and a browser could read differently (mutation XSS) is always
/// rebuilt, never passed through.
enum HTMLSanitizer {
    /// Cleans one HTML fragment. Text without markup is returned as it is: there is nothing to remove, and a
    /// multi-megabyte plain text field need not pass through the HTML parser.
    static func clean(_ html: String) -> String {
        guard html.utf8.contains(UInt8(ascii: "<")) else { return html }
        let document = HTMLNode.parseFragment(html)
        guard needsCleaning(document, depth: 0) || namesDocumentWrappers(html) else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count)
        for node in body(of: document) { write(node, into: &output) }
        return output
    }

    /// A `<body>`, `<html>` or `<head>` tag in the fragment itself. libxml2 ignores a second `<body onload>`
    /// inside the one it is parsing into, but a browser merges its attributes into the page's body (WHATWG HTML
    /// §13.2.6.4.7, "in body" insertion mode), so such a fragment is always rebuilt.
    private static func namesDocumentWrappers(_ html: String) -> Bool {
        let lower = html.lowercased()
        return lower.contains("<body") || lower.contains("<html") || lower.contains("<head")
    }

    /// The children of the `<body>` libxml2 put the fragment in (head-only elements moved to `<head>` are all
    /// removed anyway).
    private static func body(of document: [HTMLNode]) -> [HTMLNode] {
        for case .element("html", _, let children) in document {
            for case .element("body", _, let body) in children { return body }
        }
        return document
    }

    /// True when something in the tree would be removed. `html`, `head` and `body` are libxml2's own wrappers:
    /// fine without attributes (a publisher's `<body onload>` gets them), and a `<head>` only holds elements that
    /// are not allowed. Comments count (they are dropped; old IE ran conditional ones), and so does any element
    /// at the converter's depth limit.
    private static func needsCleaning(_ nodes: [HTMLNode], depth: Int) -> Bool {
        for node in nodes {
            switch node {
            case .text: continue
            case .comment: return true
            case .element(let name, let attributes, let children):
                if depth >= HTMLNode.maximumDepth - 1 { return true }
                if ["html", "body"].contains(name), depth < 2 {
                    if !attributes.isEmpty { return true }
                } else if !allowedElements.contains(name) || !attributes.allSatisfy(keeps) {
                    return true
                }
                if needsCleaning(children, depth: depth + 1) { return true }
            }
        }
        return false
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
            for attribute in attributes where keeps(attribute) {
                output += " " + attribute.name + "=\"" + escaped(attribute.value, quotes: true) + "\""
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
        var scheme = ""
        for scalar in url.unicodeScalars {
            if scalar == ":" { break }
            if scalar.value <= 0x20 { continue }
            scheme.unicodeScalars.append(scalar)
            if scheme.count > 16 { return false }
        }
        return ["javascript", "vbscript", "data"].contains(scheme.lowercased())
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
