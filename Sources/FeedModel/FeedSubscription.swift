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

    public init(
        url: String, title: String? = nil, interval: Duration? = nil, tags: [String] = [], maxItems: Int? = nil,
        maxAge: Duration? = nil
    ) {
        self.maxItems = maxItems
        self.maxAge = maxAge
        self.url = url
        self.title = title
        self.interval = interval
        self.tags = tags
    }
}
