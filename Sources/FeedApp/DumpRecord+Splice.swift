import FeedModel
import FeedStorage

extension DumpRecord {
    /// The record's bytes from the item's stored JSON, without decoding it: feedd's keys are appended inside the
    /// stored object. Decoding every item and encoding it again through Foundation's JSON coders cost a dump more
    /// than everything else (9,000 items per CPU second on the 1000-feed corpus), and the stored text is already
    /// FeedJSON's encoding of the item. The result has the same members as `encode(to:)`, feedd's keys last.
    /// Nil when the stored text is not a JSON object (the caller then decodes it, and reports a damaged item).
    static func spliced(_ stored: StoredItem, json: [UInt8], event: String, alsoIn: [String]?) -> [UInt8]? {
        var out: [UInt8] = []
        var parts = Parts()
        return splice(stored, json: json, event: event, alsoIn: alsoIn, parts: &parts, into: &out) ? out : nil
    }

    /// The members of feedd's keys that repeat from one record to the next, kept so that a dump of thousands of
    /// items of a few hundred feeds quotes each feed's URL and title once and formats each first-seen time once.
    struct Parts {
        /// `,"feed_url":…` and `,"feed_title":…` by feed URL.
        var feeds: [String: [UInt8]] = [:]
        /// `,"first_seen":…` of the last time formatted: a refresh's items share their first-seen time.
        var firstSeen: (time: Double, bytes: [UInt8])?
    }

    /// Appends the record built from `json` to `out`, as ``spliced(_:json:event:alsoIn:)``; false (nothing
    /// appended) when the stored text is not a JSON object.
    static func splice(
        _ stored: StoredItem, json: [UInt8], event: String, alsoIn: [String]?, parts: inout Parts,
        into out: inout [UInt8]
    ) -> Bool {
        var end = json.count
        while end > 0, json[end - 1] == 0x20 || json[end - 1] == 0x0A || json[end - 1] == 0x0D || json[end - 1] == 0x09
        {
            end -= 1
        }
        guard end >= 2, json[0] == 0x7B, json[end - 1] == 0x7D else { return false }
        // The stored object without its closing brace; a comma before feedd's first key unless it is empty.
        out.append(contentsOf: json[0..<(end - 1)])
        if end > 2 { out.append(0x2C) }
        out += #""seq":"#.utf8
        out += String(stored.seq).utf8
        if let members = parts.feeds[stored.feedURL] {
            out += members
        } else {
            var members: [UInt8] = []
            member("feed_url", quoted(stored.feedURL), to: &members)
            if let title = stored.feedTitle { member("feed_title", quoted(title), to: &members) }
            parts.feeds[stored.feedURL] = members
            out += members
        }
        let firstSeen = stored.firstSeenAt.timeIntervalSince1970
        if let cached = parts.firstSeen, cached.time == firstSeen {
            out += cached.bytes
        } else {
            var bytes: [UInt8] = []
            member("first_seen", quoted(Timestamp.format(stored.firstSeenAt)), to: &bytes)
            parts.firstSeen = (firstSeen, bytes)
            out += bytes
        }
        member("event", quoted(event), to: &out)
        member("story_id", Array(String(stored.storyID).utf8), to: &out)
        if let alsoIn {
            var list: [UInt8] = [0x5B]
            for (index, url) in alsoIn.enumerated() {
                if index > 0 { list.append(0x2C) }
                list += quoted(url)
            }
            member("also_in", list + [0x5D], to: &out)
        }
        if stored.revision > 0 {
            member("revision", Array(String(stored.revision).utf8), to: &out)
            if let updated = stored.updatedAt { member("updated_at", quoted(Timestamp.format(updated)), to: &out) }
        }
        out.append(0x7D)
        return true
    }

    /// `,"name":value`: every member after `seq`, which opens feedd's keys.
    private static func member(_ name: String, _ value: [UInt8], to out: inout [UInt8]) {
        out += [0x2C, 0x22]
        out += name.utf8
        out += [0x22, 0x3A]
        out += value
    }

    /// A JSON string (RFC 8259 §7), escaped as the stored items are (``ItemJSON``).
    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        ItemJSON.appendString(text, to: &out)
        return out
    }
}
