/// A small element subtree read from the pull reader: one feed item or one channel-level element at a time, never
/// the whole document.
public struct XMLElement: Sendable, Hashable {
    /// The start tag.
    public var tag: XMLStartTag
    /// Children in document order.
    public var children: [XMLNode]

    /// Makes an element.
    public init(tag: XMLStartTag, children: [XMLNode] = []) {
        self.tag = tag
        self.children = children
    }

    /// The element's namespace URI.
    public var namespace: String { tag.namespace }
    /// The element's local name.
    public var localName: String { tag.localName }

    /// The value of an attribute (empty namespace = unprefixed).
    public func attribute(_ localName: String, namespace: String = "") -> String? {
        tag.attribute(localName, namespace: namespace)
    }

    /// The concatenated character data of the direct text children (markup children are skipped).
    public var text: String {
        if children.count == 1, case .text(let only) = children[0] { return only }
        var result = ""
        for case .text(let piece) in children { result += piece }
        return result
    }

    /// The concatenated character data of all descendants, in document order.
    public var deepText: String {
        var result = ""
        for child in children {
            switch child {
            case .text(let piece): result += piece
            case .element(let element): result += element.deepText
            }
        }
        return result
    }

    /// True when some child is an element (an RSS description carrying raw, unescaped HTML, for instance).
    public var hasElementChildren: Bool {
        children.contains { if case .element = $0 { true } else { false } }
    }

    /// The child elements.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }
}

/// A child of an ``XMLElement``.
public enum XMLNode: Sendable, Hashable {
    /// Decoded character data.
    case text(String)
    /// A child element.
    case element(XMLElement)
}
