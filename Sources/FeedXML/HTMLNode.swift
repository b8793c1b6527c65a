internal import CLibXML2

/// One node of an HTML document as libxml2's HTML parser (WHATWG-tolerant "tag soup" recovery) understood it:
/// plain Swift values, so callers never touch libxml2.
public enum HTMLNode: Sendable, Hashable {
    /// An element: lower-case name, attributes in source order, children.
    case element(name: String, attributes: [HTMLAttribute], children: [HTMLNode])
    /// Character data, entities already decoded.
    case text(String)
    /// A comment's text (without `<!--`/`-->`).
    case comment(String)
}

/// One attribute of an ``HTMLNode`` element.
public struct HTMLAttribute: Sendable, Hashable {
    /// The lower-case name.
    public var name: String
    /// The decoded value ("" for a bare attribute such as `<input checked>`).
    public var value: String

    /// Makes an attribute.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension HTMLNode {
    /// Elements nest at most this deep in the converted tree; deeper elements give their text to the element at
    /// the limit. The conversion recurses, so a bound keeps a hostile 100,000-level document off the stack's edge.
    public static let maximumDepth = 256

    /// Parses an HTML fragment (a feed's `content:encoded`, say) and returns the document libxml2 builds around
    /// it: an `<html>` element holding `<body>` and, when the fragment starts with head-only elements (`<style>`,
    /// `<meta>`), a `<head>` they were moved into. The fragment is parsed after `<html><body>` so libxml2 does not
    /// wrap leading text in an implied `<p>`.
    public static func parseFragment(_ html: String) -> [HTMLNode] {
        parse(Array(("<html><body>" + html).utf8), encoding: "UTF-8")
    }

    /// Parses a whole HTML page (for feed discovery). `encoding` (an IANA name) overrides the page's `<meta>`
    /// charset; nil lets libxml2 detect it. Returns the document's top-level nodes.
    public static func parseDocument(_ bytes: [UInt8], encoding: String? = nil) -> [HTMLNode] {
        parse(bytes, encoding: encoding)
    }

    private static func parse(_ bytes: [UInt8], encoding: String?) -> [HTMLNode] {
        guard !bytes.isEmpty, bytes.count < Int32.max else { return [] }
        _ = libxml2Initialized
        silenceGlobalErrors()
        // NONET: never fetch anything; NOERROR/NOWARNING: broken markup is the norm, not news; RECOVER: keep
        // whatever can be read (libxml2 HTMLparser.h, htmlParserOption).
        let options = Int32(
            HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_RECOVER.rawValue)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                encoding.withOptionalCString { enc in
                    htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, enc, options)
                }
            }
        }
        guard let document else { return [] }
        defer { xmlFreeDoc(document) }
        return convert(document.pointee.children, depth: 0)
    }

    /// Converts a sibling list; past ``maximumDepth`` only text is kept.
    private static func convert(_ first: UnsafeMutablePointer<xmlNode>?, depth: Int) -> [HTMLNode] {
        var nodes: [HTMLNode] = []
        var cursor = first
        while let node = cursor {
            cursor = node.pointee.next
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                guard depth < maximumDepth else {
                    nodes.append(.text(flatText(node)))
                    continue
                }
                let name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                nodes.append(
                    .element(
                        name: name, attributes: attributes(node),
                        children: convert(node.pointee.children, depth: depth + 1)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                nodes.append(.text(node.pointee.content.map { String(cString: $0) } ?? ""))
            case XML_COMMENT_NODE:
                nodes.append(.comment(node.pointee.content.map { String(cString: $0) } ?? ""))
            default:
                continue
            }
        }
        return nodes
    }

    private static func attributes(_ node: UnsafeMutablePointer<xmlNode>) -> [HTMLAttribute] {
        var result: [HTMLAttribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            let name = current.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            var value = ""
            if let raw = xmlNodeGetContent(UnsafeMutablePointer<xmlNode>(OpaquePointer(current))) {
                value = String(cString: raw)
                CLibXML2_free(raw)
            }
            result.append(HTMLAttribute(name: name, value: value))
        }
        return result
    }

    /// All text below a node, in document order (libxml2 concatenates it without recursion limits of ours).
    private static func flatText(_ node: UnsafeMutablePointer<xmlNode>) -> String {
        guard let raw = xmlNodeGetContent(node) else { return "" }
        defer { CLibXML2_free(raw) }
        return String(cString: raw)
    }
}
