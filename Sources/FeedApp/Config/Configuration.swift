import FeedModel
import FeedStorage
import Foundation

/// feedd's configuration: where the store lives, the polling defaults and the feeds to follow.
///
/// Read from YAML (`Config/feedd.yaml` documents every key); unknown keys, bad URLs and bad durations are
/// errors that name the key and the feed, so a typo never silently falls back to a default.
public struct Configuration: Sendable, Hashable {
    /// The SQLite store's path.
    public var database: String
    /// Defaults for every feed.
    public var defaults: Defaults
    /// The feeds to follow (enabled ones), in the file's order, then those of the `opml` file.
    public var feeds: [FeedSubscription]
    /// The feeds the user paused (`enabled: false`): configured, kept in the store, not polled.
    public var disabledFeeds: [FeedSubscription] = []
    /// The OPML file the configuration names (`opml:`), whose feeds join the inline ones.
    public var opmlFile: String?
    /// The URLs that come from the OPML file rather than the inline list (feedd edits only the inline list).
    public var opmlFeedURLs: Set<String> = []
    /// What runs on new items (`on_new_items`, `on_new_items_url`).
    public var hooks: [HookConfiguration] = []
    /// `websub.callback`: the public URL at which hubs reach `feedd run --listen`; WebSub is off without it.
    public var webSubCallback: String?

    /// Polling defaults (`defaults:` in the file).
    public struct Defaults: Sendable, Hashable {
        /// How often to poll a feed that sets no `interval` of its own; nil (the default) lets feedd learn each
        /// feed's interval from how often it publishes.
        public var interval: Duration?
        /// How many transfers run at once.
        public var concurrency: Int
        /// How many transfers run at once against one host: a site is never hammered by simultaneous requests.
        public var perHost: Int
        /// The whole-transfer timeout of one request.
        public var timeout: Duration
        /// The User-Agent header sent with every request.
        public var userAgent: String
        /// Keep at most this many items per feed (0: no limit).
        public var maxItems: Int
        /// Keep items at most this long after they were first seen (nil: no limit).
        public var maxAge: Duration?
        /// The proxy of feeds that name none: nil leaves it to `http_proxy`/`https_proxy`/`no_proxy`, empty
        /// (`none` in the file) means a direct connection.
        public var proxy: String? = nil
        /// The least time between the starts of two requests to one host (zero: none), on top of `perHost`.
        public var minHostGap: Duration = .zero
        /// Polling bounds and start-up behaviour (`min_interval`, `max_interval`, `startup_spread`,
        /// `retry_after_cap`).
        public var polling = Polling()
        /// How far apart two near-duplicate items may be published and still be one story (`story_window`).
        public var storyWindow: Duration = SQLiteFeedStore.defaultStoryWindow

        public init(
            interval: Duration? = nil, concurrency: Int = 16, perHost: Int = 2,
            timeout: Duration = .seconds(60),
            userAgent: String = Configuration.defaultUserAgent, maxItems: Int = 2000,
            maxAge: Duration? = .seconds(180 * 86_400)
        ) {
            self.maxItems = maxItems
            self.maxAge = maxAge
            self.interval = interval
            self.concurrency = concurrency
            self.perHost = perHost
            self.timeout = timeout
            self.userAgent = userAgent
        }
    }

    /// feedd's version, as sent in the default User-Agent.
    public static let version = "0.1.0"
    /// `feedd/VERSION (+project URL)`: says who we are and where to read about us, as site operators expect.
    public static let defaultUserAgent = "feedd/\(version) (+https://github.com/feedd/feedd)"

    public init(database: String? = nil, defaults: Defaults = Defaults(), feeds: [FeedSubscription] = []) {
        self.database = database ?? Configuration.defaultDatabasePath()
        self.defaults = defaults
        self.feeds = feeds
    }

    /// `$XDG_STATE_HOME/feedd/feedd.sqlite`, else `~/.local/state/feedd/feedd.sqlite` (XDG Base Directory spec:
    /// state that should persist between restarts but is not important enough for the data directory).
    public static func defaultDatabasePath(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/feedd/feedd.sqlite"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/feedd/feedd.sqlite"
    }

    /// The configured poll interval of one feed: its own, else the default; nil when feedd learns it.
    public func interval(of feed: FeedSubscription) -> Duration? { feed.interval ?? defaults.interval }

    /// Every feed's retention, by URL.
    public var retentions: [String: Retention] {
        Dictionary(feeds.map { ($0.url, retention(of: $0)) }) { first, _ in first }
    }

    /// How long one feed's items are kept: its own limits, else the defaults (a limit of 0 means none).
    public func retention(of feed: FeedSubscription) -> Retention {
        let maxItems = feed.maxItems ?? defaults.maxItems
        let maxAge = feed.maxAge ?? defaults.maxAge
        return Retention(
            maxItems: maxItems > 0 ? maxItems : nil, maxAge: maxAge.flatMap { $0 > .zero ? $0 : nil })
    }
}
