import FeedModel
import Foundation

/// A document a WebSub hub pushed for a feed (W3C WebSub §7), to store through ``FeedStore/commitPushed(_:)``.
///
/// A push may hold only the entries the hub found new (Google's hub and Superfeedr send such diffs), so it is
/// never taken for the whole feed: its items go through the same dedup, story and delivery path as a poll's, but
/// nothing is decided from what it leaves out. No retention runs, no tombstone is cleared, no GUID churn is
/// judged, and the feed's validators, body hash and poll state stay as the last poll left them.
public struct PushedDocument: Sendable {
    /// The URL of the feed the subscription is for.
    public var feedURL: String
    /// When the push arrived: `first_seen_at` of its new items.
    public var receivedAt: Date
    /// The parsed document.
    public var feed: Feed

    /// A pushed document from its parts.
    public init(feedURL: String, receivedAt: Date, feed: Feed) {
        self.feedURL = feedURL
        self.receivedAt = receivedAt
        self.feed = feed
    }

    /// The refresh whose items a pushed document's are prepared like: a poll's time and URL, no outcome.
    package var refresh: FeedRefresh {
        FeedRefresh(feedURL: feedURL, polledAt: receivedAt, result: .notModified)
    }
}
