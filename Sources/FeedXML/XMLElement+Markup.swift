extension XMLElement {
    /// The markup between this element's tags, re-serialised: elements with their qualified names and attributes
    /// (namespace declarations dropped), text with `&`, `<`, `>` escaped (XML 1.0 §2.4). Used for Atom
    /// `type="xhtml"` content (RFC 4287 §3.1.1.3) and for RSS descriptions carrying unescaped HTML children.
    public var innerMarkup: String { innerMarkup(escapingText: true) }

    /// The inner markup; with `escapingText: false` text children are written as they are, for content that
    /// declares itself HTML source (Atom `type="html"`) yet arrives wrapped in XML elements.
    public func innerMarkup(escapingText: Bool) -> String {
        var output = ""
        for child in children { Self.serialize(child, escapingText: escapingText, into: &output) }
        return output
    }

    /// The element itself with its tags, serialised like ``innerMarkup``.
    public var outerMarkup: String {
        var output = ""
        Self.serialize(.element(self), escapingText: true, into: &output)
        return output
    }

    private static func serialize(_ node: XMLNode, escapingText: Bool, into output: inout String) {
        switch node {
        case .text(let text):
            output += escapingText ? MarkupEscaping.escaped(text, for: .text) : text
        case .element(let element):
            let name = element.tag.qualifiedName
            output += "<" + name
            for attribute in element.tag.attributes {
                let attributeName =
                    attribute.prefix.isEmpty ? attribute.localName : attribute.prefix + ":" + attribute.localName
                output += " " + attributeName + "=\"" + MarkupEscaping.escaped(attribute.value, for: .attribute) + "\""
            }
            if element.children.isEmpty {
                // HTML void elements are the ones that read naturally as `<br />`; others keep an end tag so
                // the markup stays valid HTML when a browser, not an XML parser, reads it.
                if voidElements.contains(element.tag.localName) {
                    output += " />"
                } else {
                    output += "></" + name + ">"
                }
                return
            }
            output += ">"
            for child in element.children { serialize(child, escapingText: escapingText, into: &output) }
            output += "</" + name + ">"
        }
    }

    /// HTML 5 §13.1.2 void elements.
    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]
}
