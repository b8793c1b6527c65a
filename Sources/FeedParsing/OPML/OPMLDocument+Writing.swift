import FeedXML

extension OPMLDocument {
    /// The document as OPML 2.0 text, byte-stable: the same subscriptions always give the same bytes.
    ///
    /// No `dateCreated` or other clock-dependent field is written, so export → import → export repeats itself. A
    /// feed sits in the folder of its first tag (folders in order of first use, untagged feeds first); its other
    /// tags go to the `category` attribute, which reading turns back into tags in the same order.
    public var xml: String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n"
        out += "    <title>\(Self.escape(title ?? "feedd subscriptions"))</title>\n  </head>\n  <body>\n"
        var folders: [String] = []
        var byFolder: [String: [OPMLSubscription]] = [:]
        for subscription in subscriptions {
            guard let folder = subscription.tags.first else {
                out += Self.outline(subscription, otherTags: [], indent: "    ")
                continue
            }
            if byFolder[folder] == nil { folders.append(folder) }
            byFolder[folder, default: []].append(subscription)
        }
        for folder in folders {
            let name = Self.escape(folder)
            out += "    <outline text=\"\(name)\" title=\"\(name)\">\n"
            for subscription in byFolder[folder] ?? [] {
                out += Self.outline(subscription, otherTags: Array(subscription.tags.dropFirst()), indent: "      ")
            }
            out += "    </outline>\n"
        }
        return out + "  </body>\n</opml>\n"
    }

    private static func outline(_ subscription: OPMLSubscription, otherTags: [String], indent: String) -> String {
        // `text` is the one attribute OPML 2.0 requires of every outline; readers show it as the name.
        let name = escape(subscription.title ?? subscription.url)
        var line = "\(indent)<outline type=\"rss\" text=\"\(name)\""
        if subscription.title != nil { line += " title=\"\(name)\"" }
        line += " xmlUrl=\"\(escape(subscription.url))\""
        if let home = subscription.homePageURL { line += " htmlUrl=\"\(escape(home))\"" }
        // A tag holding a comma cannot round-trip through `category` (its separator): it is left out there.
        let categories = otherTags.filter { !$0.contains(",") }
        if !categories.isEmpty { line += " category=\"\(escape(categories.joined(separator: ",")))\"" }
        return line + "/>\n"
    }

    /// Escapes text for an attribute value or element content: tabs and newlines as character references so that
    /// attribute-value normalization (XML 1.0 §3.3.3) does not turn them into spaces.
    static func escape(_ text: String) -> String { MarkupEscaping.escaped(text, for: .normalizedAttribute) }
}
