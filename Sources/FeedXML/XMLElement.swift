/// A small element subtree read from the pull reader: one feed item or one channel-level element at a time, never
/// the whole document.
public struct XMLElement: Sendable, Hashable {
    /// The start tag.
    public var tag: XMLStartTag
    /// Children in document order.
    public var children: [XMLNode] {
        @inlinable get { leafText.isEmpty ? nodes : [.text(leafText)] }
        set {
            nodes = newValue
            leafText = ""
        }
    }
    /// The children when the element is not a leaf.
    @usableFromInline var nodes: [XMLNode]
    /// The only child of a leaf element (a title, a link, a date: most elements of a feed), kept without an
    /// array of nodes: the array would be one more allocation and release per element for a single string.
    /// Empty when the element is not a leaf (the reader never reports an empty text node).
    @usableFromInline var leafText: String

    /// Makes an element.
    public init(tag: XMLStartTag, children: [XMLNode] = []) {
        self.tag = tag
        nodes = children
        leafText = ""
    }

    /// Makes a leaf element whose only child is `text`.
    public init(tag: XMLStartTag, text: String) {
        self.tag = tag
        // An empty text cannot mark a leaf (see `leafText`), so it stays an ordinary child.
        nodes = text.isEmpty ? [.text(text)] : []
        leafText = text
    }

    /// Equal when the tags and the children are, however the children are stored.
    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
        lhs.tag == rhs.tag && lhs.children == rhs.children
    }

    /// Hashes the tag and the children, however the children are stored.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(tag)
        hasher.combine(children)
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
    @inlinable public var text: String {
        if !leafText.isEmpty { return leafText }
        if children.count == 1, case .text(let only) = children[0] { return only }
        var result = ""
        for case .text(let piece) in children { result += piece }
        return result
    }

    /// The concatenated character data of all descendants, in document order.
    public var deepText: String {
        if !leafText.isEmpty { return leafText }
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
        nodes.contains { if case .element = $0 { true } else { false } }
    }

    /// The child elements.
    public var elements: [XMLElement] {
        nodes.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }
}

/// A child of an ``XMLElement``.
public enum XMLNode: Sendable, Hashable {
    /// Decoded character data.
    case text(String)
    /// A child element.
    case element(XMLElement)
}

extension XMLElement {
    /// Hands each child to `body` in document order, moved out rather than copied: a loop over ``children``
    /// copies every child element (its strings and arrays retained, then released). The element keeps an empty
    /// text node in each child's place, so only its tag is left to read afterwards.
    public mutating func moveChildren(_ body: (consuming XMLNode) throws -> Void) rethrows {
        guard leafText.isEmpty else {
            let text = leafText
            children = [.text("")]
            try body(.text(text))
            return
        }
        try nodes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in 0..<buffer.count {
                let child = (base + index).move()
                (base + index).initialize(to: .text(""))
                try body(child)
            }
        }
    }
}
