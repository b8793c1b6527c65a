import FeedModel
import FeedStorage
import Foundation

/// The bytes of one dump in its format: the opening, one item at a time, the closing.
struct DumpWriter {
    let format: Application.DumpOptions.Format
    let consumer: String
    let encoder = FeedJSON.encoder()
    /// Feed members and first-seen times already written (see ``ItemJSON/RecordParts``).
    private var parts = ItemJSON.RecordParts()

    init(format: Application.DumpOptions.Format, consumer: String) {
        self.format = format
        self.consumer = consumer
    }

    func opening() -> [UInt8] {
        switch format {
        case .array: return Array("[".utf8)
        case .lines: return []
        case .jsonfeed:
            let title = String(
                decoding: (try? encoder.encode("feedd: new items for \(consumer)")) ?? Data(), as: UTF8.self)
            return Array(#"{"version":"https://jsonfeed.org/version/1.1","title":\#(title),"items":["#.utf8)
        }
    }

    /// Appends one item to `out`; `alsoIn` (collapsed stories only) lists the other feeds that carry its story.
    mutating func item(_ stored: StoredItem, first: Bool, alsoIn: [String]? = nil, to out: inout [UInt8]) throws {
        if format != .jsonfeed, let json = stored.json {
            let mark = out.count
            if format == .array { out += first ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")] }
            let members = ItemJSON.RecordMembers(stored, event: stored.event, alsoIn: alsoIn)
            if ItemJSON.spliceRecord(json[...], members, parts: &parts, into: &out) {
                if format == .lines { out.append(UInt8(ascii: "\n")) }
                return
            }
            out.removeLast(out.count - mark)
            var decoded = stored
            decoded.item = try Self.decode(json, seq: stored.seq)
            try encoded(decoded, first: first, alsoIn: alsoIn, to: &out)
        } else {
            try encoded(stored, first: first, alsoIn: alsoIn, to: &out)
        }
    }

    /// Appends entry `index` of a page (JSON array and lines only): its stored JSON with feedd's keys spliced in,
    /// else (stored text that is not a JSON object) the item decoded and encoded again.
    mutating func item(_ index: Int, of page: StoredItemPage, first: Bool, to out: inout [UInt8]) throws {
        let entry = page.entries[index]
        let mark = out.count
        if format == .array { out += first ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")] }
        let members = ItemJSON.RecordMembers(
            entry: entry, feed: page.feeds[entry.feed], event: entry.event, alsoIn: nil)
        if ItemJSON.spliceRecord(page.json[entry.json], members, parts: &parts, into: &out) {
            if format == .lines { out.append(UInt8(ascii: "\n")) }
            return
        }
        out.removeLast(out.count - mark)
        try item(page.storedItem(index), first: first, to: &out)
    }

    /// The item through Foundation's encoder: JSON Feed, and stored JSON that could not be passed through.
    private func encoded(_ stored: StoredItem, first: Bool, alsoIn: [String]?, to out: inout [UInt8]) throws {
        let record = DumpRecord(stored, event: stored.event, alsoIn: alsoIn)
        switch format {
        case .array:
            out +=
                (first ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")])
                + Array(try encoder.encode(record))
        case .lines: out += Array(try encoder.encode(record)) + [UInt8(ascii: "\n")]
        case .jsonfeed:
            let item = JSONFeedItem(record: DumpRecord(stored, event: stored.event, alsoIn: alsoIn))
            out +=
                (first ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")])
                + Array(try encoder.encode(item))
        }
    }

    /// The item from stored JSON that could not be passed through; a damaged item is an error naming its seq.
    static func decode(_ json: [UInt8], seq: Int64) throws -> Item {
        do {
            return try JSONDecoder().decode(Item.self, from: Data(json))
        } catch {
            throw FeedAppError.io("stored item \(seq) could not be read back (its JSON is damaged): \(error)")
        }
    }

    func closing(empty: Bool) -> [UInt8] {
        switch format {
        case .array: return Array((empty ? "]\n" : "\n]\n").utf8)
        case .lines: return []
        case .jsonfeed: return Array((empty ? "]}\n" : "\n]}\n").utf8)
        }
    }
}

/// One dumped item: the item's feed JSON plus where it came from and its place in the delivery order.
struct DumpRecord: Encodable {
    let stored: StoredItem
    let event: DeliveryEvent
    let alsoIn: [String]?

    init(_ stored: StoredItem, event: DeliveryEvent, alsoIn: [String]? = nil) {
        self.stored = stored
        self.event = event
        self.alsoIn = alsoIn
    }

    enum CodingKeys: String, CodingKey {
        case seq, event, revision
        case storyID = "story_id"
        case alsoIn = "also_in"
        case feedURL = "feed_url"
        case feedTitle = "feed_title"
        case firstSeen = "first_seen"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        try stored.item.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stored.seq, forKey: .seq)
        try container.encode(stored.feedURL, forKey: .feedURL)
        try container.encodeIfPresent(stored.feedTitle, forKey: .feedTitle)
        try container.encode(Timestamp.format(stored.firstSeenAt), forKey: .firstSeen)
        try container.encode(event, forKey: .event)
        try container.encode(stored.storyID, forKey: .storyID)
        try container.encodeIfPresent(alsoIn, forKey: .alsoIn)
        if stored.revision > 0 {
            try container.encode(stored.revision, forKey: .revision)
            try container.encodeIfPresent(stored.updatedAt.map(Timestamp.format), forKey: .updatedAt)
        }
    }
}

/// An item as JSON Feed 1.1 (https://jsonfeed.org/version/1.1) defines it: `id` is required, and one of
/// `content_html` / `content_text` must be present; feedd's own facts go in the `_feedd` extension object, since
/// the spec reserves names without a leading underscore.
struct JSONFeedItem: Encodable {
    /// What the other formats write of the item, written JSON Feed's way.
    let record: DumpRecord

    enum CodingKeys: String, CodingKey {
        case id, url, title, summary, image, tags, authors, attachments
        case contentHTML = "content_html"
        case contentText = "content_text"
        case datePublished = "date_published"
        case dateModified = "date_modified"
        case feedd = "_feedd"
    }

    struct Author: Encodable {
        var name: String?
        var url: String?
    }

    struct Extension: Encodable {
        var seq: Int64
        var feed_url: String
        var feed_title: String?
        var first_seen: String
        var event: DeliveryEvent
        var revision: Int
        var story_id: Int64
        var also_in: [String]?
    }

    func encode(to encoder: any Encoder) throws {
        let stored = record.stored
        let item = stored.item
        var c = encoder.container(keyedBy: CodingKeys.self)
        // The stored identity key is unique within the feed; prefixing the feed URL keeps it unique in the dump.
        try c.encode(item.id ?? item.url ?? "\(stored.feedURL)#\(stored.key)", forKey: .id)
        try c.encodeIfPresent(item.url, forKey: .url)
        try c.encodeIfPresent(item.title, forKey: .title)
        let summaryIsHTML = item.summaryType == "html" || item.summaryType == "xhtml"
        if let html = item.contentHTML ?? (summaryIsHTML ? item.summary : nil) {
            try c.encode(html, forKey: .contentHTML)
        } else {
            try c.encode(item.contentText ?? item.summary ?? item.title ?? "", forKey: .contentText)
        }
        if item.contentHTML != nil || item.contentText != nil, let summary = item.summary, !summaryIsHTML {
            try c.encode(summary, forKey: .summary)
        }
        try c.encodeIfPresent(item.image, forKey: .image)
        if let published = item.datePublished { try c.encode(Timestamp.format(published), forKey: .datePublished) }
        if let modified = item.dateModified { try c.encode(Timestamp.format(modified), forKey: .dateModified) }
        let tags = item.tags.isEmpty ? item.categories.compactMap(\.term) : item.tags
        if !tags.isEmpty { try c.encode(tags, forKey: .tags) }
        let authors = item.authors.filter { $0.name != nil || $0.url != nil }.map { Author(name: $0.name, url: $0.url) }
        if !authors.isEmpty { try c.encode(authors, forKey: .authors) }
        // JSON Feed requires a MIME type on every attachment.
        let attachments = item.attachments.map { attachment in
            var attachment = attachment
            attachment.mimeType = attachment.mimeType ?? "application/octet-stream"
            return attachment
        }
        if !attachments.isEmpty { try c.encode(attachments, forKey: .attachments) }
        try c.encode(
            Extension(
                seq: stored.seq, feed_url: stored.feedURL, feed_title: stored.feedTitle,
                first_seen: Timestamp.format(stored.firstSeenAt), event: record.event, revision: stored.revision,
                story_id: stored.storyID, also_in: record.alsoIn),
            forKey: .feedd)
    }
}
