import FeedModel
import FeedXML

/// Walks the document's events: detects the format from the root element and its namespace, descends into the
/// containers (`rss`, `channel`, `rdf:RDF`, `feed`), and hands each item and each channel-level element, read as
/// a small subtree, to the format's adapter.
enum DocumentWalker {
    static func walk(
        _ reader: XMLPullReader, scope documentScope: Scope, sniffedRoot: @autoclosure () -> String?
    ) throws(FeedParsingError) -> Feed {
        var root: XMLStartTag?
        while let event = reader.next() {
            if case .start(let tag) = event {
                root = tag
                break
            }
        }
        guard let root else {
            // libxml2's reader gives up at the first error it cannot recover from, which for an HTML page can come
            // before the root element is reported: fall back to naming the first tag in the bytes.
            if !reader.wellFormed, let sniffed = sniffedRoot(), sniffed.lowercased() == "html" { throw .html }
            throw .noRoot
        }
        let format = try detect(root)
        var feed = Feed(format: format)
        var scope = documentScope.entering(root)
        feed.language = scope.language
        let isAtom = format.isAtom
        let foreignAtomNamespace = isAtom && !Namespace.isAtom(root.namespace) ? root.namespace : nil
        if root.isEmpty { return feed }
        var scopes: [Scope] = []
        var webMaster: Person?
        while let event = reader.next() {
            // `consume`: the start tag is moved out of the event and into the element, not copied.
            switch consume event {
            case .start(let tag):
                if isContainer(tag) {
                    // RSS 1.0/0.90: the version shows in the channel's namespace.
                    if tag.localName == "channel", format == .rss10, tag.namespace == Namespace.rss090 {
                        feed.format = .rss090
                    }
                    if tag.isEmpty { continue }
                    scopes.append(scope)
                    scope = scope.entering(tag)
                    if feed.language == nil { feed.language = scope.language }
                    continue
                }
                var element = reader.readElement(tag)
                if isAtom, let foreign = foreignAtomNamespace {
                    element = element.movingNamespace(foreign, to: Namespace.atom03)
                }
                if isAtom {
                    let tag = element.tag
                    if tag.localName == "entry", Namespace.isAtom(tag.namespace) {
                        feed.items.append(AtomAdapter.entry(consume element, scope: scope))
                    } else if Namespace.isAtom(tag.namespace) {
                        AtomAdapter.applyFeed(element, scope: scope, to: &feed)
                    }
                } else if element.localName == "item", Namespace.isRSS(element.namespace) {
                    feed.items.append(RSSAdapter.item(consume element, scope: scope))
                } else {
                    // Recovery from a missing end tag nests what follows inside the unclosed element; items found
                    // there are still the feed's items (feedparser's loose parser reads them too), not its text.
                    let nested = reader.wellFormed ? [] : nestedItems(in: element)
                    if nested.isEmpty {
                        RSSAdapter.applyChannel(element, scope: scope, to: &feed, webMaster: &webMaster)
                    } else {
                        RSSAdapter.applyChannel(
                            removingItems(from: element), scope: scope, to: &feed, webMaster: &webMaster)
                        for item in nested { feed.items.append(RSSAdapter.item(item, scope: scope)) }
                    }
                }
            case .end:
                scope = scopes.popLast() ?? scope
            case .text:
                continue
            }
        }
        RSSAdapter.finishChannel(&feed, webMaster: webMaster)
        // An item cut off before any of its children closed (a truncated download) carries nothing to show or
        // to identify it by; keep the items that came before it.
        if !reader.wellFormed, let last = feed.items.last, isBlank(last) { feed.items.removeLast() }
        return feed
    }

    private static func nestedItems(in element: XMLElement) -> [XMLElement] {
        var found: [XMLElement] = []
        for child in element.elements {
            if child.localName == "item", Namespace.isRSS(child.namespace) {
                found.append(child)
            } else {
                found.append(contentsOf: nestedItems(in: child))
            }
        }
        return found
    }

    /// The element without the `item` subtrees (and the text after the first of them) that recovery nested in it.
    private static func removingItems(from element: XMLElement) -> XMLElement {
        var copy = element
        copy.children = []
        for child in element.children {
            guard case .element(let inner) = child else {
                copy.children.append(child)
                continue
            }
            if inner.localName == "item", Namespace.isRSS(inner.namespace) { break }
            copy.children.append(.element(removingItems(from: inner)))
        }
        return copy
    }

    private static func isBlank(_ item: Item) -> Bool {
        (item.id ?? "").isEmpty && item.url == nil && (item.title ?? "").isEmpty && (item.summary ?? "").isEmpty
            && (item.contentHTML ?? "").isEmpty && (item.contentText ?? "").isEmpty && item.attachments.isEmpty
    }

    private static func isContainer(_ tag: XMLStartTag) -> Bool {
        (tag.localName == "channel" && Namespace.isRSS(tag.namespace))
            || (tag.localName == "items" && Namespace.isRSS(tag.namespace))
    }

    /// The format in feedparser's vocabulary, from the root element (RSS 2.0 §"Required channel elements", RSS 1.0
    /// §5.2, RFC 4287 §4.1.1, Atom 0.3 `version`); HTML and anything else is not a feed.
    private static func detect(_ root: XMLStartTag) throws(FeedParsingError) -> FeedFormat {
        switch (root.localName.lowercased(), root.namespace) {
        case ("rss", _):
            let version = root.attribute("version")?.trimmingWhitespace ?? ""
            switch version {
            case "0.91": return .rss091u
            case "0.92": return .rss092
            case "0.93": return .rss093
            case "0.94": return .rss094
            default: return version.hasPrefix("2.") ? .rss20 : .rss
            }
        case ("rdf", _): return .rss10
        case ("feed", Namespace.atom10): return .atom10
        case ("feed", _):
            switch root.attribute("version")?.trimmingWhitespace {
            case "0.3": return .atom03
            case "0.2": return .atom02
            case "0.1": return .atom01
            default: return .atom
            }
        case ("channel", _): return .rss
        case ("html", _), ("xhtml", _), ("head", _), ("body", _): throw .html
        default: throw .unknownRoot(root.qualifiedName)
        }
    }
}
