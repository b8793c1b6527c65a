import FeedXML

/// Namespace URIs of the feed vocabularies feedd reads (each from its own specification).
enum Namespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    static let media = "http://search.yahoo.com/mrss/"
    static let syndication = "http://purl.org/rss/1.0/modules/syndication/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let xml = "http://www.w3.org/XML/1998/namespace"
    /// FeedBurner's extension: `feedburner:origLink` is the article's own URL behind the redirector in `link`.
    static let feedburner = "http://rssnamespace.org/feedburner/ext/1.0"
    static let slash = "http://purl.org/rss/1.0/modules/slash/"
    static let wfw = "http://wellformedweb.org/CommentAPI/"

    /// Namespaces whose elements are RSS core elements. RSS 0.9x/2.0 have none; RSS 1.0 and 0.90 put theirs in
    /// a namespace; the Userland URIs (`http://backend.userland.com/rss2`, `…/rss091`) and Harvard's appear on
    /// some RSS 0.91/0.92 feeds.
    static func isRSS(_ namespace: String) -> Bool {
        // Every item child is asked, most of them in another namespace (Dublin Core, content, Atom): the length,
        // which a native string knows, rules out most URIs before any comparison of their bytes.
        let count = namespace.utf8.count
        if count == 0 { return true }
        if count == rss10.utf8.count, namespace == rss10 { return true }
        if count == rss090.utf8.count, namespace == rss090 { return true }
        if count == harvard.utf8.count, namespace == harvard { return true }
        guard count >= 31 else { return false }  // the Userland prefix's length
        return namespace.utf8.withContiguousStorageIfAvailable { $0.has("http://backend.userland.com/rss", at: 0) }
            ?? namespace.hasPrefix("http://backend.userland.com/rss")
    }

    /// The namespace some RSS 0.91/0.92 feeds give their core elements.
    private static let harvard = "http://blogs.law.harvard.edu/tech/rss"

    /// Both Atom namespaces: 0.3 and 1.0 elements are read by one adapter.
    static func isAtom(_ namespace: String) -> Bool {
        namespace == atom10 || namespace == atom03
    }
}
