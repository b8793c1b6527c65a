import FeedModel
import FeedStorage
import Foundation

extension Application {
    /// What `feedd dump` prints and whether it moves the consumer's cursor.
    public struct DumpOptions: Sendable {
        /// How the items are written.
        public enum Format: String, Sendable, CaseIterable {
            /// One JSON array.
            case array
            /// JSON Lines: one item a line.
            case lines
            /// A JSON Feed 1.1 document.
            case jsonfeed
        }

        /// The consumer whose cursor is read and advanced.
        public var consumer: String
        public var format: Format
        /// Print without moving the cursor.
        public var peek: Bool
        /// At most this many items.
        public var limit: Int?
        /// Start after this seq instead of the consumer's cursor.
        public var sinceSeq: Int64?
        /// Only items first seen at or after this instant.
        public var since: Date?
        /// Only the items of this feed.
        public var feedURL: String?
        /// Also items this consumer already has that were edited since, marked `"event": "updated"`.
        public var includeUpdates: Bool
        /// One item per cross-feed story, with the other feeds that carry it in `also_in`.
        public var collapseStories: Bool = false
        /// Items read from the store at a time (tests choose small pages to cross many page boundaries).
        var pageSize = Application.dumpPageSize

        public init(
            consumer: String, format: Format = .array, peek: Bool = false, limit: Int? = nil, sinceSeq: Int64? = nil,
            since: Date? = nil, feedURL: String? = nil, includeUpdates: Bool = false
        ) {
            self.includeUpdates = includeUpdates
            self.consumer = consumer
            self.format = format
            self.peek = peek
            self.limit = limit
            self.sinceSeq = sinceSeq
            self.since = since
            self.feedURL = feedURL
        }

        /// Nothing but the consumer's own items: neither repositioned nor filtered.
        var isWholeDelivery: Bool { sinceSeq == nil && since == nil && feedURL == nil }

        /// A filtered or repositioned view never moves the cursor: moving it past items the view left out would
        /// make the consumer skip them.
        var movesCursor: Bool { !peek && isWholeDelivery }
    }

    /// Writes the items this consumer has not received yet, oldest first, then moves its cursor past them.
    ///
    /// Exactly once: one dump of a consumer runs at a time (a second waits for the first, then takes what is
    /// left); the items come from one snapshot of the store, and the cursor moves only after the whole output was
    /// written, recording what the snapshot showed (``DeliveryRule``); a write that fails (closed pipe, full disk)
    /// throws before it moves, so the same items come again next time. Returns how many were written.
    @discardableResult
    public func dump(_ options: DumpOptions, to sink: some ByteSink) async throws -> Int {
        let lock = options.movesCursor ? try await lockConsumer(options.consumer) : nil
        defer { lock?.release() }
        let snapshot = try await store.snapshot()
        let cursor = try await snapshot.cursor(of: options.consumer)
        let start = options.sinceSeq ?? cursor
        let audience: ItemAudience = options.sinceSeq.map { .replay(after: $0) } ?? .consumer(options.consumer)
        var query = ItemQuery(
            after: start, feedURL: options.feedURL, firstSeenSince: options.since,
            includeUpdates: options.includeUpdates, audience: audience)
        // JSON array and lines pass the stored JSON through (ItemJSON.spliceRecord); JSON Feed rewrites each item.
        query.rawJSON = options.format != .jsonfeed
        var writer = DumpWriter(format: options.format, consumer: options.consumer)
        var stories = options.collapseStories ? StoryCollapser(audience: audience, cursor: start) : nil
        var count = 0
        var buffer = writer.opening()
        if query.rawJSON && stories == nil {
            query.after = try await dumpPages(
                query, from: snapshot, options: options, writer: &writer, count: &count, buffer: &buffer, to: sink)
        }
        while stories != nil || !query.rawJSON, options.limit.map({ count < $0 }) ?? true {
            let want = min(options.pageSize, (options.limit ?? Int.max) - count)
            query.limit = want
            let page = try await snapshot.items(query)
            try await stories?.load(page, from: snapshot)
            // By index: each StoredItem copied out of the page costs a retain and release of every field.
            for index in page.indices {
                query.after = page[index].seq
                var alsoIn: [String]?
                if stories != nil {
                    guard let feeds = stories?.take(page[index]) else { continue }
                    alsoIn = feeds
                }
                try writer.item(page[index], first: count == 0, alsoIn: alsoIn, to: &buffer)
                count += 1
            }
            try sink.write(buffer)
            buffer.removeAll(keepingCapacity: true)
            if page.count < want { break }
        }
        try sink.write(writer.closing(empty: count == 0))
        try sink.flush()
        if options.movesCursor, query.after > cursor {
            let moved = try await store.advanceCursor(
                of: options.consumer, from: cursor, to: query.after, seenAt: snapshot.highWater)
            guard moved else {
                throw FeedAppError.io(
                    "the cursor of consumer '\(options.consumer)' was moved by someone else (an ack?) while this "
                        + "dump ran; the items above were also delivered there")
            }
        } else if options.peek && options.isWholeDelivery {
            try await store.recordPeek(of: options.consumer, seenAt: snapshot.highWater)
        }
        return count
    }

    /// The consumer's delivery lock: at once when free, else after a notice that another dump or ack of the same
    /// consumer runs, when that one is done.
    func lockConsumer(_ consumer: String) async throws -> any ConsumerLock {
        if let lock = try await store.lockConsumer(consumer, wait: false) { return lock }
        logger.notice(
            "another dump or ack of this consumer is running: waiting for it, then taking what is left",
            metadata: ["consumer": "\(consumer)"])
        guard let lock = try await store.lockConsumer(consumer, wait: true) else {
            throw FeedAppError.io("could not take the delivery lock of consumer '\(consumer)'")
        }
        return lock
    }

    /// Items per page: pages keep memory flat however many items are waiting (500 items are about a MB), and each
    /// page is one statement: larger pages cost more page faults, smaller ones more statements than they save.
    static let dumpPageSize = 500

    /// The common dump (JSON array or lines, every item as stored) from compact pages (StoredItemPage): the next
    /// page is read while this one is written, so reading and writing overlap on two cores. Returns the last seq
    /// written (`query.after` when none).
    private func dumpPages(
        _ query: ItemQuery, from snapshot: any StoreSnapshot, options: DumpOptions, writer: inout DumpWriter,
        count: inout Int, buffer: inout [UInt8], to sink: some ByteSink
    ) async throws -> Int64 {
        var query = query
        let limit = options.limit
        query.limit = min(options.pageSize, limit ?? Int.max)
        guard query.limit ?? 0 > 0 else { return query.after }
        var page = try await snapshot.itemPage(query)
        while true {
            let wanted = query.limit ?? 0
            query.after = page.entries.last?.seq ?? query.after
            query.limit = min(options.pageSize, (limit ?? Int.max) - count - page.entries.count)
            let more = page.entries.count == wanted && query.limit ?? 0 > 0
            let next = query
            async let following = more ? snapshot.itemPage(next) : StoredItemPage()
            for index in page.entries.indices {
                try writer.item(index, of: page, first: count == 0, to: &buffer)
                count += 1
            }
            try sink.write(buffer)
            buffer.removeAll(keepingCapacity: true)
            page = try await following
            if !more { return query.after }
        }
    }

    /// `feedd ack`: a two-phase consumer (`dump --peek`, process, then ack) moves its cursor to `seq` once the
    /// items up to it are safely handled. The cursor only moves forward, and only to a stored item; what the last
    /// peek saw is what the ack records as received (an item edited since the peek is not owed again as new).
    /// Returns the cursor before the call.
    @discardableResult
    public func acknowledge(consumer: String, seq: Int64) async throws -> Int64 {
        let lock = try await lockConsumer(consumer)
        defer { lock.release() }
        let snapshot = try await store.snapshot()
        let cursor = try await snapshot.cursor(of: consumer)
        guard seq > cursor else { return cursor }
        // A seq the peek printed may belong to an item edited since (it moved on to a new seq): any seq handed out
        // so far is one a consumer may have seen.
        guard seq <= snapshot.highWater else {
            throw FeedAppError.usage("no item has had seq \(seq) (the newest is \(snapshot.highWater))")
        }
        let seen = try await store.lastPeek(of: consumer) ?? snapshot.highWater
        guard try await store.advanceCursor(of: consumer, from: cursor, to: seq, seenAt: seen) else {
            throw FeedAppError.io("the cursor of consumer '\(consumer)' moved while acknowledging; try again")
        }
        return cursor
    }
}
