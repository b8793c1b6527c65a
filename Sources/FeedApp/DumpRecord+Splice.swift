import FeedModel
import FeedStorage

extension DumpRecord {
    /// The record's bytes from the item's stored JSON, without decoding it: feedd's keys are appended inside the
    /// stored object. Decoding every item and encoding it again through Foundation's JSON coders cost a dump more
    /// than everything else (9,000 items per CPU second on the 1000-feed corpus), and the stored text is already
    /// FeedJSON's encoding of the item. The result has the same members as `encode(to:)`, feedd's keys last.
    /// Nil when the stored text is not a JSON object (the caller then decodes it, and reports a damaged item).
    static func spliced(_ stored: StoredItem, json: String, event: String, alsoIn: [String]?) -> [UInt8]? {
        var bytes = Array(json.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { bytes.removeLast() }
        guard bytes.first == 0x7B, bytes.last == 0x7D else { return nil }
        bytes.removeLast()
        let empty = bytes.count == 1
        func member(_ name: String, _ value: [UInt8]) {
            if !(empty && bytes.count == 1) { bytes.append(0x2C) }
            bytes.append(0x22)
            bytes += name.utf8
            bytes += [0x22, 0x3A]
            bytes += value
        }
        member("seq", Array(String(stored.seq).utf8))
        member("feed_url", quoted(stored.feedURL))
        if let title = stored.feedTitle { member("feed_title", quoted(title)) }
        member("first_seen", quoted(Timestamp.format(stored.firstSeenAt)))
        member("event", quoted(event))
        member("story_id", Array(String(stored.storyID).utf8))
        if let alsoIn {
            var list: [UInt8] = [0x5B]
            for (index, url) in alsoIn.enumerated() {
                if index > 0 { list.append(0x2C) }
                list += quoted(url)
            }
            member("also_in", list + [0x5D])
        }
        if stored.revision > 0 {
            member("revision", Array(String(stored.revision).utf8))
            if let updated = stored.updatedAt { member("updated_at", quoted(Timestamp.format(updated))) }
        }
        return bytes + [0x7D]
    }

    /// A JSON string (RFC 8259 §7): quote, backslash and control characters escaped; "/" left as FeedJSON does.
    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return out
    }
}
