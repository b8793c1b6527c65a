/// A feed document's format, named in feedparser's vocabulary (its `version` key): the feed JSON's `format`.
public enum FeedFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// RSS without a version feedd knows (a `<rss>` root with another version, or a bare `<channel>`).
    case rss
    /// RSS 0.90: RDF with the channel in Netscape's 0.9 namespace.
    case rss090
    /// RSS 0.91 (Userland's; feedparser names it `rss091u`).
    case rss091u
    case rss092
    case rss093
    case rss094
    /// RSS 1.0 (RDF Site Summary).
    case rss10
    /// RSS 2.0 and any other 2.x version.
    case rss20
    /// Atom without a version feedd knows.
    case atom
    case atom01
    case atom02
    /// Atom 0.3.
    case atom03
    /// Atom 1.0 (RFC 4287).
    case atom10
    /// JSON Feed 1.0.
    case json10
    /// JSON Feed 1.1.
    case json11

    /// Whether the document is Atom of any version.
    public var isAtom: Bool {
        switch self {
        case .atom, .atom01, .atom02, .atom03, .atom10: true
        default: false
        }
    }
}
