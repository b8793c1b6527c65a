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

    /// Namespaces whose elements are RSS core elements. RSS 0.9x/2.0 have none; RSS 1.0 and 0.90 put theirs in
    /// a namespace; the Userland and backend.userland URIs appear on some RSS 0.91/0.92 feeds.
    static func isRSS(_ namespace: String) -> Bool {
        namespace.isEmpty || namespace == rss10 || namespace == rss090
            || namespace.hasPrefix("http://backend.userland.com/rss")
            || namespace == "http://blogs.law.harvard.edu/tech/rss"
    }

    /// Both Atom namespaces: 0.3 and 1.0 elements are read by one adapter.
    static func isAtom(_ namespace: String) -> Bool {
        namespace == atom10 || namespace == atom03
    }
}
