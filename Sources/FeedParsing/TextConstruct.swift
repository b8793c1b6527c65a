import FeedXML
import Foundation

/// A text value and how to read it (`nil`/`text`, `html`, `xhtml` or a MIME type), per the feed JSON schema.
struct TextConstruct {
    var value: String
    var type: String?

    /// An RSS element: plain text, unless it carries unescaped markup children, kept as HTML.
    static func rssText(_ element: XMLElement, scope: Scope) -> TextConstruct {
        if element.hasElementChildren {
            return TextConstruct(value: HTMLRewriter.rewrite(element.innerMarkup, base: scope.base), type: "html")
        }
        // Surrounding whitespace is layout, not content (feedparser strips it from every element's text).
        return TextConstruct(value: element.text.trimmingWhitespace, type: nil)
    }

    /// An RSS element whose content is HTML by definition (RSS 2.0 `description`, `content:encoded`).
    static func rssHTML(_ element: XMLElement, scope: Scope) -> TextConstruct {
        let value = element.hasElementChildren ? element.innerMarkup : element.text
        return TextConstruct(value: HTMLRewriter.rewrite(value.trimmingWhitespace, base: scope.base), type: "html")
    }

    /// An Atom text construct: RFC 4287 §3.1 `type` (`text`, `html`, `xhtml`), or Atom 0.3's MIME `type` and
    /// `mode` (`xml`, `escaped`, `base64`).
    static func atom(_ element: XMLElement, scope: Scope) -> TextConstruct {
        var text = atomRaw(element)
        if text.type == "html" || text.type == "xhtml" {
            text.value = HTMLRewriter.rewrite(text.value, base: scope.base)
        }
        return text
    }

    private static func atomRaw(_ element: XMLElement) -> TextConstruct {
        let declared = element.attribute("type")?.lowercased().trimmingWhitespace ?? "text"
        let type: String?
        switch declared {
        case "text", "text/plain", "plain", "": type = nil
        case "html", "text/html": type = "html"
        case "xhtml", "application/xhtml+xml": type = "xhtml"
        default: type = declared
        }
        if element.attribute("mode") == "base64"
            || (type != nil && type != "html" && type != "xhtml"
                && !(type!.hasPrefix("text/")) && !type!.hasSuffix("+xml") && !type!.hasSuffix("/xml"))
        {
            // RFC 4287 §4.1.3.3: other media types are base64 encoded.
            let encoded = element.text.filter { !$0.isWhitespace }
            if let data = Data(base64Encoded: encoded), let decoded = String(data: data, encoding: .utf8) {
                return TextConstruct(value: decoded, type: type)
            }
        }
        if element.hasElementChildren && element.attribute("mode") != "escaped" {
            // RFC 4287 §3.1.1.3: xhtml content is the children of one xhtml:div, which is not part of it. Atom
            // 0.3's `application/xhtml+xml` keeps the div (feedparser does). HTML wrapped in a div is HTML source.
            let html = type == "html"
            let elements = element.elements
            let stripsDiv = declared == "xhtml" || html || element.namespace == Namespace.atom10
            if stripsDiv, elements.count == 1, elements[0].localName == "div",
                elements[0].namespace == Namespace.xhtml,
                element.children.allSatisfy({ child in
                    if case .text(let text) = child { return text.trimmingWhitespace.isEmpty }
                    return true
                })
            {
                let inner = elements[0].innerMarkup(escapingText: !html)
                return TextConstruct(value: inner.trimmingWhitespace, type: type ?? "xhtml")
            }
            let inner = element.innerMarkup(escapingText: !html)
            return TextConstruct(value: inner.trimmingWhitespace, type: type ?? "xhtml")
        }
        return TextConstruct(value: element.text.trimmingWhitespace, type: type)
    }
}
