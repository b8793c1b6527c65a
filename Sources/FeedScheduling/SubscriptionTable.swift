import FeedModel
import FeedStorage
import Synchronization

/// The configured feeds by URL, shared by every poll and replaced whole when the configuration is reloaded, so
/// that a feed's own request options (user agent, headers, insecure, proxy) apply from the next poll on.
public final class SubscriptionTable: Sendable {
    private let table: Mutex<[String: FeedSubscription]>

    /// A table of `feeds`; the first of two entries with one URL wins.
    public init(_ feeds: [FeedSubscription] = []) {
        table = Mutex(Self.index(feeds))
    }

    /// Replaces every entry with `feeds`.
    public func replace(with feeds: [FeedSubscription]) {
        let indexed = Self.index(feeds)
        table.withLock { $0 = indexed }
    }

    /// The subscription of `url`, if configured.
    public subscript(url: String) -> FeedSubscription? { table.withLock { $0[url] } }

    private static func index(_ feeds: [FeedSubscription]) -> [String: FeedSubscription] {
        Dictionary(feeds.map { ($0.url, $0) }) { first, _ in first }
    }
}
