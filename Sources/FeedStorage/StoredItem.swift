import FeedModel
import Foundation

/// An item as stored: the parsed item with its delivery sequence number and where it came from.
public struct StoredItem: Sendable, Hashable {
    /// Delivery order: increases with every new item, across all feeds, and is never reused.
    public var seq: Int64
    /// The URL of the feed the item belongs to.
    public var feedURL: String
    /// The feed's title (the user's, else the feed's own).
    public var feedTitle: String?
    /// The item's identity within its feed (see ``ItemIdentity``).
    public var key: String
    /// When the store first saw the item (the `polledAt` of the refresh that added it).
    public var firstSeenAt: Date
    /// The item as last parsed (its latest revision).
    public var item: Item
    /// The seq at which the item was first delivered; equal to ``seq`` until the item is edited.
    public var originSeq: Int64
    /// How many times the item was edited since it was first stored.
    public var revision: Int
    /// When the last edit was stored.
    public var updatedAt: Date?
    /// The cross-feed story the item belongs to: the first seq of the story's first item. Items of different
    /// feeds that carry the same article (same canonical URL, or near-duplicate text) share it.
    public var storyID: Int64
    /// The item's JSON as stored (FeedJSON's encoding of ``item``, UTF-8), only when the query asked for it
    /// (``ItemQuery/rawJSON``), and then ``item`` is empty.
    public var json: [UInt8]?
    /// What the item is to the audience it was read for (``ItemQuery/audience``).
    public var event: DeliveryEvent

    /// A stored item with every field given.
    public init(
        seq: Int64, feedURL: String, feedTitle: String?, key: String, firstSeenAt: Date, item: Item,
        originSeq: Int64? = nil, revision: Int = 0, updatedAt: Date? = nil, storyID: Int64? = nil,
        json: [UInt8]? = nil, event: DeliveryEvent = .new
    ) {
        self.json = json
        self.event = event
        self.storyID = storyID ?? originSeq ?? seq
        self.originSeq = originSeq ?? seq
        self.revision = revision
        self.updatedAt = updatedAt
        self.seq = seq
        self.feedURL = feedURL
        self.feedTitle = feedTitle
        self.key = key
        self.firstSeenAt = firstSeenAt
        self.item = item
    }
}
