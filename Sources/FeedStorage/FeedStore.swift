import FeedModel
import Foundation

/// Where feedd keeps its feeds, items and consumer cursors.
///
/// A protocol so that another backend (PostgreSQL, for several `feedd run` sharing one store) can implement it
/// later; ``SQLiteFeedStore`` is the one implementation today. Every method is safe to call concurrently, and from
/// several processes sharing the same store.
public protocol FeedStore: Sendable {
    /// Adds the subscriptions not yet stored; updates title/tags/interval of known ones; removes nothing.
    func register(_ subscriptions: [FeedSubscription]) async throws
    /// Every stored feed, ordered by url.
    func feeds() async throws -> [FeedRecord]
    /// The stored feed with this exact url, if any.
    func feed(url: String) async throws -> FeedRecord?
    /// One transaction: new items (deduplicated), validators, poll outcome and next due time commit together or
    /// not at all.
    func commit(_ refresh: FeedRefresh) async throws -> RefreshSummary
    /// The items a query selects, oldest (lowest seq) first.
    func items(_ query: ItemQuery) async throws -> [StoredItem]
    /// Every stored item of these stories, in seq order (see ``StoredItem/storyID``).
    func storyMembers(of storyIDs: Set<Int64>) async throws -> [StoryMember]
    /// The consumer's cursor: the last seq delivered to it (0 for a new consumer).
    func cursor(of consumer: String) async throws -> Int64
    /// Atomically moves the consumer's cursor from `expected` to `seq` (compare-and-set);
    /// false when the cursor was no longer `expected` (another dump of the same consumer won).
    func advanceCursor(of consumer: String, from expected: Int64, to seq: Int64) async throws -> Bool
    /// Checks the store's consistency; each problem found is a sentence (an empty list means healthy).
    func verify() async throws -> [String]
}

/// Which stored items to read.
public struct ItemQuery: Sendable, Hashable {
    /// Only items with a seq greater than this.
    public var after: Int64
    /// At most this many (nil = all).
    public var limit: Int?
    /// Only the items of this feed.
    public var feedURL: String?
    /// Only items feedd first saw at or after this instant.
    public var firstSeenSince: Date?
    /// Also items first delivered at or before `after` that were edited since; without it, only items whose
    /// first delivery is after `after`.
    public var includeUpdates: Bool
    /// Hand each item's stored JSON text in ``StoredItem/json`` and leave ``StoredItem/item`` empty: for writers
    /// that pass the JSON through (decoding and re-encoding it cost a dump more than everything else).
    public var rawJSON: Bool = false

    public init(
        after: Int64 = 0, limit: Int? = nil, feedURL: String? = nil, firstSeenSince: Date? = nil,
        includeUpdates: Bool = false
    ) {
        self.includeUpdates = includeUpdates
        self.after = after
        self.limit = limit
        self.feedURL = feedURL
        self.firstSeenSince = firstSeenSince
    }
}

extension FeedStore {
    /// Items with seq > `after`, oldest (lowest seq) first, at most `limit` (nil = all).
    public func items(after seq: Int64, limit: Int?) async throws -> [StoredItem] {
        try await items(ItemQuery(after: seq, limit: limit))
    }
}

/// One stored item of a story, as much as `dump --collapse-stories` needs.
public struct StoryMember: Sendable, Hashable {
    /// The story's id.
    public var storyID: Int64
    /// The seq the item was first delivered at (before any edit).
    public var originSeq: Int64
    /// The URL of the feed the item belongs to.
    public var feedURL: String

    public init(storyID: Int64, originSeq: Int64, feedURL: String) {
        self.storyID = storyID
        self.originSeq = originSeq
        self.feedURL = feedURL
    }
}
