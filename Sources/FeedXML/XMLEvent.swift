/// The XML namespace (`xml:base`, `xml:lang`), fixed by Namespaces in XML 1.0 §3.
public let xmlNamespaceURI = "http://www.w3.org/XML/1998/namespace"

/// One attribute of a start tag, with its namespace resolved.
public struct XMLAttribute: Sendable, Hashable {
    /// The namespace URI, empty for unprefixed attributes (Namespaces in XML 1.0 §6.2: no default namespace).
    public var namespace: String
    /// The local part of the name.
    public var localName: String
    /// The prefix as written (`xml`, `rdf` …), empty when none.
    public var prefix: String
    /// The attribute value after entity and character reference decoding.
    public var value: String

    /// Makes an attribute.
    public init(namespace: String, localName: String, prefix: String, value: String) {
        self.namespace = namespace
        self.localName = localName
        self.prefix = prefix
        self.value = value
    }
}

/// A start tag: namespace, names and attributes (namespace declarations are left out).
public struct XMLStartTag: Sendable, Hashable {
    /// The element's namespace URI, empty when it has none.
    public var namespace: String
    /// The local part of the element name.
    public var localName: String
    /// The prefix as written, empty when none.
    public var prefix: String
    /// Attributes in document order, without `xmlns` declarations.
    public var attributes: [XMLAttribute]
    /// True for `<x/>`: no end event follows.
    public var isEmpty: Bool

    /// Makes a start tag.
    public init(namespace: String, localName: String, prefix: String, attributes: [XMLAttribute], isEmpty: Bool) {
        self.namespace = namespace
        self.localName = localName
        self.prefix = prefix
        self.attributes = attributes
        self.isEmpty = isEmpty
    }

    /// The qualified name as written (`prefix:local` or `local`).
    public var qualifiedName: String { prefix.isEmpty ? localName : prefix + ":" + localName }

    /// The value of the attribute with this local name and namespace (empty namespace = unprefixed).
    public func attribute(_ localName: String, namespace: String = "") -> String? {
        for attribute in attributes where attribute.localName == localName && attribute.namespace == namespace {
            return attribute.value
        }
        return nil
    }
}

/// What the pull reader yields.
public enum XMLEvent: Sendable, Hashable {
    /// A start tag (for an empty element no `.end` follows; see ``XMLStartTag/isEmpty``).
    case start(XMLStartTag)
    /// Character data: text, CDATA sections and significant whitespace, decoded.
    case text(String)
    /// The end of the innermost open element.
    case end
}
