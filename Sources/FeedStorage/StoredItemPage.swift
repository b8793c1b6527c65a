import FeedModel
import Foundation

/// Stored items in the compact form writers that pass the stored JSON through (`feedd dump`) read: every item's
/// JSON in one byte buffer and each feed listed once, so a page of thousands of items is a handful of allocations
/// rather than a ``StoredItem`` (a parsed-item shell and several strings) per item.
public struct StoredItemPage: Sendable {
    /// One item: what ``StoredItem`` says of it, with its JSON as a range of ``json``.
    public struct Entry: Sendable {
        public var seq: Int64
        /// Index into ``feeds``.
        public var feed: Int
        /// Seconds since 1970.
        public var firstSeenAt: Double
        public var originSeq: Int64
        public var revision: Int
        /// Seconds since 1970.
        public var updatedAt: Double?
        public var storyID: Int64
        public var json: Range<Int>
        /// What the item is to the audience the page was read for.
        public var event: DeliveryEvent

        public init(
            seq: Int64, feed: Int, firstSeenAt: Double, originSeq: Int64, revision: Int, updatedAt: Double?,
            storyID: Int64, json: Range<Int>, event: DeliveryEvent = .new
        ) {
            self.event = event
            self.seq = seq
            self.feed = feed
            self.firstSeenAt = firstSeenAt
            self.originSeq = originSeq
            self.revision = revision
            self.updatedAt = updatedAt
            self.storyID = storyID
            self.json = json
        }
    }

    /// A feed's URL and title (the user's, else the feed's own).
    public struct Feed: Sendable {
        public var url: String
        public var title: String?

        public init(url: String, title: String?) {
            self.url = url
            self.title = title
        }
    }

    public var feeds: [Feed] = []
    public var entries: [Entry] = []
    /// The stored JSON of every entry, one after the other.
    public var json: [UInt8] = []

    public init() {}

    /// The page of these items (their ``StoredItem/json`` when set, else their item in ``ItemJSON``).
    public init(_ items: [StoredItem]) {
        var feedIndex: [String: Int] = [:]
        for stored in items {
            let feed =
                feedIndex[stored.feedURL]
                ?? {
                    feeds.append(Feed(url: stored.feedURL, title: stored.feedTitle))
                    feedIndex[stored.feedURL] = feeds.count - 1
                    return feeds.count - 1
                }()
            let start = json.count
            if let bytes = stored.json { json += bytes } else { ItemJSON.append(stored.item, to: &json) }
            entries.append(
                Entry(
                    seq: stored.seq, feed: feed, firstSeenAt: stored.firstSeenAt.timeIntervalSince1970,
                    originSeq: stored.originSeq, revision: stored.revision,
                    updatedAt: stored.updatedAt?.timeIntervalSince1970, storyID: stored.storyID,
                    json: start..<json.count, event: stored.event))
        }
    }

    /// The entry as a ``StoredItem`` with its JSON (its ``StoredItem/item`` empty, and no key: a page is for
    /// writers of the stored JSON, which do not print it).
    public func storedItem(_ index: Int) -> StoredItem {
        let entry = entries[index]
        return StoredItem(
            seq: entry.seq, feedURL: feeds[entry.feed].url, feedTitle: feeds[entry.feed].title, key: "",
            firstSeenAt: Date(timeIntervalSince1970: entry.firstSeenAt), item: Item(), originSeq: entry.originSeq,
            revision: entry.revision, updatedAt: entry.updatedAt.map(Date.init(timeIntervalSince1970:)),
            storyID: entry.storyID, json: Array(json[entry.json]), event: entry.event)
    }
}
