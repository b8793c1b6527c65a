/// A feed the user follows, as configured.
public struct FeedSubscription: Sendable, Hashable {
    /// The feed's URL (http or https).
    public var url: String
    /// A title the user chose; the feed's own title is used when nil.
    public var title: String?
    /// How often to poll it; nil means the configured default.
    public var interval: Duration?
    /// The user's labels.
    public var tags: [String]
    /// Keep at most this many items of this feed; nil means the configured default.
    public var maxItems: Int?
    /// Keep this feed's items at most this long; nil means the configured default.
    public var maxAge: Duration?
    /// The site the feed belongs to, as an OPML `htmlUrl` names it (kept for export; never fetched).
    public var homePageURL: String?
    /// False when the user paused the feed: it stays configured and stored, but is not polled.
    public var enabled: Bool

    public init(
        url: String, title: String? = nil, interval: Duration? = nil, tags: [String] = [], maxItems: Int? = nil,
        maxAge: Duration? = nil, homePageURL: String? = nil, enabled: Bool = true
    ) {
        self.homePageURL = homePageURL
        self.enabled = enabled
        self.maxItems = maxItems
        self.maxAge = maxAge
        self.url = url
        self.title = title
        self.interval = interval
        self.tags = tags
    }
}
