/// A feed the user follows, as configured: what the store registers (URL, title, tags, interval) and what its polls
/// send (user agent, headers, proxy, TLS checks) and keep (retention).
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
    /// The User-Agent sent when polling this feed; nil means the configured default.
    public var userAgent: String?
    /// Extra request headers sent when polling this feed (an API key, a cookie a site asks for...).
    public var headers: [String: String]
    /// Skip TLS certificate verification for this feed (self-signed or misconfigured servers); a warning naming the
    /// feed is logged on every poll.
    public var insecure: Bool
    /// The proxy for this feed in libcurl's syntax (`http://host:port`, `socks5h://host:port`); nil means the
    /// configured default, an empty string means a direct connection.
    public var proxy: String?

    public init(
        url: String, title: String? = nil, interval: Duration? = nil, tags: [String] = [], maxItems: Int? = nil,
        maxAge: Duration? = nil, homePageURL: String? = nil, enabled: Bool = true, userAgent: String? = nil,
        headers: [String: String] = [:], insecure: Bool = false, proxy: String? = nil
    ) {
        self.homePageURL = homePageURL
        self.enabled = enabled
        self.userAgent = userAgent
        self.headers = headers
        self.insecure = insecure
        self.proxy = proxy
        self.maxItems = maxItems
        self.maxAge = maxAge
        self.url = url
        self.title = title
        self.interval = interval
        self.tags = tags
    }
}
