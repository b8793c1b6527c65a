import FeedModel
import FeedStorage
import Foundation

extension Application {
    /// What `feedd dump` prints and whether it moves the consumer's cursor.
    public struct DumpOptions: Sendable {
        /// The consumer whose cursor is read and advanced.
        public var consumer: String
        /// JSON Lines instead of one JSON array.
        public var lines: Bool
        /// Print without moving the cursor.
        public var peek: Bool
        /// At most this many items.
        public var limit: Int?

        public init(consumer: String, lines: Bool = false, peek: Bool = false, limit: Int? = nil) {
            self.consumer = consumer
            self.lines = lines
            self.peek = peek
            self.limit = limit
        }
    }

    /// Writes the items this consumer has not received yet, oldest first, then moves its cursor past them.
    ///
    /// Exactly once: the cursor moves only after the whole output was written; a write that fails (closed pipe,
    /// full disk) throws before it moves, so the same items come again next time. Returns how many were written.
    @discardableResult
    public func dump(_ options: DumpOptions, to sink: some ByteSink) async throws -> Int {
        let start = try await store.cursor(of: options.consumer)
        let encoder = FeedJSON.encoder()
        var last = start
        var count = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        if !options.lines { buffer.append(UInt8(ascii: "[")) }
        // Pages keep memory flat however many items are waiting.
        let pageSize = 500
        while options.limit.map({ count < $0 }) ?? true {
            let want = min(pageSize, (options.limit ?? Int.max) - count)
            let page = try await store.items(after: last, limit: want)
            for stored in page {
                if !options.lines { buffer += count == 0 ? [0x0A] : [0x2C, 0x0A] }
                buffer += try encoder.encode(DumpRecord(stored))
                if options.lines { buffer.append(0x0A) }
                count += 1
                last = stored.seq
            }
            try sink.write(buffer)
            buffer.removeAll(keepingCapacity: true)
            if page.count < want { break }
        }
        if !options.lines { buffer += count == 0 ? Array("]\n".utf8) : Array("\n]\n".utf8) }
        try sink.write(buffer)
        try sink.flush()
        if !options.peek, last > start {
            guard try await store.advanceCursor(of: options.consumer, from: start, to: last) else {
                throw FeedAppError.io(
                    "another dump for consumer '\(options.consumer)' finished first; the items above were also "
                        + "delivered there")
            }
        }
        return count
    }
}

/// One dumped item: the item's feed JSON plus where it came from and its place in the delivery order.
struct DumpRecord: Encodable {
    let stored: StoredItem

    init(_ stored: StoredItem) { self.stored = stored }

    enum CodingKeys: String, CodingKey {
        case seq
        case feedURL = "feed_url"
        case feedTitle = "feed_title"
        case firstSeen = "first_seen"
    }

    func encode(to encoder: any Encoder) throws {
        try stored.item.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stored.seq, forKey: .seq)
        try container.encode(stored.feedURL, forKey: .feedURL)
        try container.encodeIfPresent(stored.feedTitle, forKey: .feedTitle)
        try container.encode(Timestamp.format(stored.firstSeenAt), forKey: .firstSeen)
    }
}
