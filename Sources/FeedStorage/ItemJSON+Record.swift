import FeedModel
import Foundation

extension ItemJSON {
    /// A delivered record's bytes (`feedd dump`, hooks) from the item's stored JSON, without decoding it: feedd's
    /// keys (`seq`, `feed_url`, `event`, `story_id` …) are appended inside the stored object, which is already
    /// this encoding of the item; decoding and encoding every item again through Foundation's coders cost a dump
    /// more than everything else. Nil when the stored text is not a JSON object (the caller then decodes it, and
    /// reports a damaged item).
    public static func splicedRecord(
        _ stored: StoredItem, json: [UInt8], event: DeliveryEvent, alsoIn: [String]?
    ) -> [UInt8]? {
        var out: [UInt8] = []
        var parts = RecordParts()
        let members = RecordMembers(stored, event: event, alsoIn: alsoIn)
        return spliceRecord(json[...], members, parts: &parts, into: &out) ? out : nil
    }

    /// What feedd's keys of one record say: the entry's place and story, its feed, the event, the other feeds.
    public struct RecordMembers: Sendable {
        var entry: StoredItemPage.Entry
        var feed: StoredItemPage.Feed
        var event: DeliveryEvent
        var alsoIn: [String]?

        /// The keys of a stored item delivered as `event`; `alsoIn` lists the other feeds of a collapsed story.
        public init(_ stored: StoredItem, event: DeliveryEvent, alsoIn: [String]?) {
            let entry = StoredItemPage.Entry(
                seq: stored.seq, feed: 0, firstSeenAt: stored.firstSeenAt.timeIntervalSince1970,
                originSeq: stored.originSeq, revision: stored.revision,
                updatedAt: stored.updatedAt?.timeIntervalSince1970, storyID: stored.storyID, json: 0..<0,
                event: event)
            let feed = StoredItemPage.Feed(url: stored.feedURL, title: stored.feedTitle)
            self.init(entry: entry, feed: feed, event: event, alsoIn: alsoIn)
        }

        /// The keys of a page's entry.
        public init(
            entry: StoredItemPage.Entry, feed: StoredItemPage.Feed, event: DeliveryEvent, alsoIn: [String]?
        ) {
            self.entry = entry
            self.feed = feed
            self.event = event
            self.alsoIn = alsoIn
        }
    }

    /// The members of feedd's keys that repeat from one record to the next, kept so that a dump of thousands of
    /// items of a few hundred feeds quotes each feed's URL and title once and formats each first-seen time once.
    public struct RecordParts {
        /// `,"feed_url":…` and `,"feed_title":…` by feed URL.
        var feeds: [String: [UInt8]] = [:]
        /// `,"first_seen":…` of the last time formatted: a refresh's items share their first-seen time.
        var firstSeen: (time: Double, bytes: [UInt8])?

        public init() {}
    }

    /// Appends the record built from `json` to `out`, as ``splicedRecord(_:json:event:alsoIn:)``; false (nothing
    /// appended) when the stored text is not a JSON object.
    public static func spliceRecord(
        _ json: ArraySlice<UInt8>, _ record: RecordMembers, parts: inout RecordParts, into out: inout [UInt8]
    ) -> Bool {
        var end = json.endIndex
        let start = json.startIndex
        while end > start,
            [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains(json[end - 1])
        { end -= 1 }
        guard end - start >= 2, json[start] == UInt8(ascii: "{"), json[end - 1] == UInt8(ascii: "}") else {
            return false
        }
        // The stored object without its closing brace; a comma before feedd's first key unless it is empty.
        out.append(contentsOf: json[start..<(end - 1)])
        if end - start > 2 { out.append(UInt8(ascii: ",")) }
        out += #""seq":"#.utf8
        appendInteger(record.entry.seq, to: &out)
        if let members = parts.feeds[record.feed.url] {
            out += members
        } else {
            var members: [UInt8] = []
            member("feed_url", quoted(record.feed.url), to: &members)
            if let title = record.feed.title { member("feed_title", quoted(title), to: &members) }
            parts.feeds[record.feed.url] = members
            out += members
        }
        if let cached = parts.firstSeen, cached.time == record.entry.firstSeenAt {
            out += cached.bytes
        } else {
            var bytes: [UInt8] = []
            let text = Timestamp.format(Date(timeIntervalSince1970: record.entry.firstSeenAt))
            member("first_seen", quoted(text), to: &bytes)
            parts.firstSeen = (record.entry.firstSeenAt, bytes)
            out += bytes
        }
        switch record.event {
        case .new: out += #","event":"new""#.utf8
        case .updated: out += #","event":"updated""#.utf8
        }
        out += #","story_id":"#.utf8
        appendInteger(record.entry.storyID, to: &out)
        if let alsoIn = record.alsoIn {
            var list: [UInt8] = [UInt8(ascii: "[")]
            for (index, url) in alsoIn.enumerated() {
                if index > 0 { list.append(UInt8(ascii: ",")) }
                list += quoted(url)
            }
            member("also_in", list + [UInt8(ascii: "]")], to: &out)
        }
        if record.entry.revision > 0 {
            member("revision", Array(String(record.entry.revision).utf8), to: &out)
            if let updated = record.entry.updatedAt {
                member("updated_at", quoted(Timestamp.format(Date(timeIntervalSince1970: updated))), to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// The decimal digits of `value`, without making a String of them.
    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 24 bytes hold the 20 digits of the largest magnitude.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(truncatingIfNeeded: magnitude % 10) + UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: buffer[start...])
        }
    }

    /// `,"name":value`: every member after `seq`, which opens feedd's keys.
    private static func member(_ name: String, _ value: [UInt8], to out: inout [UInt8]) {
        out += [UInt8(ascii: ","), UInt8(ascii: "\"")]
        out += name.utf8
        out += [UInt8(ascii: "\""), UInt8(ascii: ":")]
        out += value
    }

    /// A JSON string (RFC 8259 §7), escaped as the stored items are.
    private static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendString(text, to: &out)
        return out
    }
}
