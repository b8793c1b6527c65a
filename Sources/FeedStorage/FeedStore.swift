import FeedModel
import Foundation

/// Reads stored items for delivery: the store itself (what is stored now), or a ``StoreSnapshot``.
public protocol ItemReader: Sendable {
    /// The items a query selects, oldest (lowest seq) first.
    func items(_ query: ItemQuery) async throws -> [StoredItem]
    /// The same items as ``items(_:)`` in the compact form of writers that pass the stored JSON through
    /// (``ItemQuery/rawJSON`` is implied).
    func itemPage(_ query: ItemQuery) async throws -> StoredItemPage
    /// Every stored item of these stories, in seq order (see ``StoredItem/storyID``), each saying whether the
    /// audience, whose cursor is at `cursor`, has received it (``DeliveryRule``).
    func storyMembers(of storyIDs: Set<Int64>, for audience: ItemAudience, cursor: Int64) async throws
        -> [StoryMember]
    /// The consumer's cursor: the last seq delivered to it (0 for a new consumer).
    func cursor(of consumer: String) async throws -> Int64
}

/// The store as it was at one moment: every page of one delivery is read from one snapshot, so that what the
/// reader saw is exactly what its cursor's advance records (``FeedStore/advanceCursor(of:from:to:seenAt:)``).
public protocol StoreSnapshot: ItemReader {
    /// The newest seq handed out at that moment (0 for an empty store).
    var highWater: Int64 { get }
}

/// Where feedd keeps its feeds, items and consumer cursors.
///
/// A protocol so that another backend (PostgreSQL, for several `feedd run` sharing one store) can implement it
/// later; ``SQLiteFeedStore`` is the one implementation today. Every method is safe to call concurrently, and from
/// several processes sharing the same store.
public protocol FeedStore: ItemReader {
    /// Adds the subscriptions not yet stored; updates title/tags/interval of known ones; removes nothing.
    func register(_ subscriptions: [FeedSubscription]) async throws
    /// Every stored feed, ordered by url.
    func feeds() async throws -> [FeedRecord]
    /// The stored feeds whose url, or one of whose aliases, is in `urls`, ordered by url: the rows of ``feeds()``
    /// that name them, read without the others.
    func feeds(named urls: Set<String>) async throws -> [FeedRecord]
    /// The stored feed with this url, or the one that moved away from it (an alias), if any.
    func feed(url: String) async throws -> FeedRecord?
    /// Clears the feed's gone state (410) so that it is polled again at once; false when no such feed is stored.
    func enable(url: String) async throws -> Bool
    /// One transaction: new items (deduplicated), validators, poll outcome and next due time commit together or
    /// not at all.
    func commit(_ refresh: FeedRefresh) async throws -> RefreshSummary
    /// One transaction: a pushed document's new and edited items, through the same dedup, story and delivery path
    /// as ``commit(_:)``, and nothing else (``PushedDocument`` says what a push never decides).
    func commitPushed(_ document: PushedDocument) async throws -> RefreshSummary
    /// A consistent view of the store as it is now, to read one delivery from.
    func snapshot() async throws -> any StoreSnapshot
    /// Takes the consumer's delivery lock: one reader delivers to a consumer at a time, in this process or
    /// another. Waits for it, or with `wait` false answers nil at once while another holds it.
    func lockConsumer(_ consumer: String, wait: Bool) async throws -> (any ConsumerLock)?
    /// Atomically moves the consumer's cursor from `expected` to `seq` (compare-and-set), recording what the
    /// reader saw in the snapshot whose ``StoreSnapshot/highWater`` is `highWater`; false when the cursor was no
    /// longer `expected`.
    func advanceCursor(of consumer: String, from expected: Int64, to seq: Int64, seenAt highWater: Int64)
        async throws -> Bool
    /// Remembers the snapshot a `dump --peek` of the consumer read, for the `ack` that follows it.
    func recordPeek(of consumer: String, seenAt highWater: Int64) async throws
    /// The snapshot the consumer's last peek read since its cursor last moved, if any.
    func lastPeek(of consumer: String) async throws -> Int64?
    /// Checks the store's consistency; each problem found is a sentence (an empty list means healthy).
    func verify() async throws -> [String]
    /// Nothing is in flight (a daemon between polls): hands back memory that only the work done so far needed.
    func releaseIdleMemory() async
    /// Creates the consumer, if it does not exist yet, positioned after the newest stored item (so it receives
    /// only items stored from now on, as a hook set up today expects), and returns its cursor.
    func startConsumer(_ consumer: String) async throws -> Int64
    /// How many stored items the consumer is still owed as new.
    func pendingCount(for consumer: String) async throws -> Int
    /// Forgets the consumer, so that retention no longer keeps items for it; returns how many items it was still
    /// owed, nil when there was no such consumer.
    func removeConsumer(_ consumer: String) async throws -> Int?
    /// Claims the feeds at these stored URLs for `holder` before it polls them: granted (with a lease running for
    /// `lease` on the store's clock) only for those due at `now`, not gone, and not leased by another holder whose
    /// lease still runs; of two holders claiming one feed at once, one is granted. A commit that carries a lease
    /// (``FeedRefresh/lease``) is refused once the lease was taken over, and releases it otherwise.
    func claim(_ urls: [String], for holder: String, lease: Duration, now: Date) async throws -> [FeedLease]
    /// Extends `leases` (polls in flight) by `lease` from now; answers those still held, the others having been
    /// taken over or released by their commit.
    func renew(_ leases: [FeedLease], lease: Duration) async throws -> [FeedLease]
    /// Gives back `leases` still held whose polls end without a commit (shutdown cancelled them), so that the feeds
    /// may be claimed again at once rather than when the leases run out.
    func release(_ leases: [FeedLease]) async throws
    /// Takes one of `host`'s `cap` request slots for `holder` before it sends a request there, so that `per_host`
    /// and `min_host_gap` hold for every worker on the store together: granted when fewer than `cap` slots are
    /// held and the host's last grant is at least `gap` ago, the slot then held for `lease` on the store's clock
    /// (a worker that dies loses it then); otherwise how long to wait before asking again.
    func takeHostSlot(_ host: String, cap: Int, gap: Duration, for holder: String, lease: Duration) async throws
        -> HostSlotGrant
    /// Extends the slots of requests in flight by `lease` from now; answers those still held.
    func renewHostSlots(_ slots: [HostSlot], lease: Duration) async throws -> [HostSlot]
    /// Gives back slots whose requests ended; a slot its holder lost to expiry is left to its new holder.
    func releaseHostSlots(_ slots: [HostSlot]) async throws
    /// Writes a WebSub subscription, keyed by its token: a new row, or the stored row's feed, intent and state.
    /// The feed is looked up by URL or alias; one not stored (or none) leaves the row without a feed.
    func saveWebSub(_ record: WebSubRecord) async throws
    /// The WebSub subscription whose callback token is `token`, if any.
    func webSub(token: String) async throws -> WebSubRecord?
    /// The WebSub subscriptions of the feed at `feedURL` (or an alias of it), ordered by hub; every subscription,
    /// ordered by feed then hub, when `feedURL` is nil.
    func webSubs(feedURL: String?) async throws -> [WebSubRecord]
    /// Takes the WebSub requests due at `now` (their next request at or before it), earliest first, at most `limit`,
    /// as they were: their next request moves to `now` + `hold`, so that another worker on the store does not send
    /// them too. The sender writes each row again as it
    /// sends it; rows a worker took and never sent (it died) fall due again after `hold`.
    func takeDueWebSubRequests(at now: Date, limit: Int, hold: Duration) async throws -> [WebSubRecord]
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
    /// Whom the items are read for (``DeliveryRule``); nil replays the store from ``after``.
    public var audience: ItemAudience?
    /// Also the items the audience has an earlier version of (``DeliveryEvent/updated``); without it, only the
    /// items it is owed as new.
    public var includeUpdates: Bool
    /// Hand each item's stored JSON text in ``StoredItem/json`` and leave ``StoredItem/item`` empty: for writers
    /// that pass the JSON through (decoding and re-encoding it cost a dump more than everything else).
    public var rawJSON: Bool = false

    public init(
        after: Int64 = 0, limit: Int? = nil, feedURL: String? = nil, firstSeenSince: Date? = nil,
        includeUpdates: Bool = false, audience: ItemAudience? = nil
    ) {
        self.audience = audience
        self.includeUpdates = includeUpdates
        self.after = after
        self.limit = limit
        self.feedURL = feedURL
        self.firstSeenSince = firstSeenSince
    }
}

extension FeedStore {
    /// A store that holds nothing beyond its work in flight has nothing to hand back.
    public func releaseIdleMemory() async {}

    /// Grants every claim: a store that one `feedd run` polls at a time (a SQLite file, ``RunLock``) needs none.
    public func claim(_ urls: [String], for holder: String, lease: Duration, now: Date) async throws -> [FeedLease] {
        urls.map { FeedLease(feedURL: $0, holder: holder, fence: 0) }
    }

    /// Every lease granted by the default ``claim(_:for:lease:now:)`` stays held.
    public func renew(_ leases: [FeedLease], lease: Duration) async throws -> [FeedLease] { leases }

    /// Nothing to give back: the default ``claim(_:for:lease:now:)`` holds nothing.
    public func release(_ leases: [FeedLease]) async throws {}

    /// Each subscription with its stored feed (matched by URL or by an alias of a feed that moved), in order;
    /// nil for one not stored yet.
    public func records(for subscriptions: [FeedSubscription]) async throws -> [(FeedSubscription, FeedRecord?)] {
        // A few named feeds (`feedd fetch URL` in a configuration of thousands) are looked up by URL; for many,
        // one pass over every feed costs less than as many look-ups. The rows that name none of the URLs change
        // nothing below, so both give the same records.
        let urls = Set(subscriptions.map(\.url))
        let stored = urls.count <= 64 ? try await feeds(named: urls) : try await feeds()
        // Positions rather than copies of the records: a record is large, and thousands are mapped.
        var byURL: [String: Int] = [:]
        byURL.reserveCapacity(stored.count)
        for (index, record) in stored.enumerated() {
            if byURL[record.url] == nil { byURL[record.url] = index }
            for alias in record.aliases where byURL[alias] == nil { byURL[alias] = index }
        }
        return subscriptions.map { subscription in (subscription, byURL[subscription.url].map { stored[$0] }) }
    }

    /// The stored feeds to poll for these subscriptions: each once, with the first subscription naming it (a
    /// configuration listing a moved feed by its old and its new URL polls it once), in order.
    public func feedsToPoll(for subscriptions: [FeedSubscription]) async throws -> [(FeedSubscription, FeedRecord)] {
        var taken = Set<String>()
        return try await records(for: subscriptions).compactMap { subscription, record in
            guard let record, taken.insert(record.url).inserted else { return nil }
            return (subscription, record)
        }
    }

}

extension ItemReader {
    /// Built from ``items(_:)``: a backend without a faster way of its own gets it for free.
    public func itemPage(_ query: ItemQuery) async throws -> StoredItemPage {
        var query = query
        query.rawJSON = true
        return StoredItemPage(try await items(query))
    }

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
    /// Whether the audience the members were read for has received the item (in some version).
    public var received: Bool

    public init(storyID: Int64, originSeq: Int64, feedURL: String, received: Bool) {
        self.storyID = storyID
        self.originSeq = originSeq
        self.feedURL = feedURL
        self.received = received
    }
}
