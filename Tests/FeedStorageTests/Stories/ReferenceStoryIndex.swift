// The story index as it was before StoryIndex held slices: every member from the oldest look-up on, with its
// MinHash values, in a hash table of band chains. Kept as the reference StoryIndexDifferentialTests compares the
// index with; its one change is the rule per band (see candidates).

import Foundation
import GRDB

@testable import FeedStorage

/// The LSH band index of story members (``StoryText/bandKeys``), in memory beside the `story_member` table, which
/// stays the truth: bands stored in SQLite would dirty a page per band of every item at each commit.
///
/// ``sync(_:)`` runs in each write transaction before any look-up and adds every row after ``lastMember`` (first
/// seqs only grow), so other processes' rows are seen and this one's, added only by the next sync, vanish with a
/// rollback. Only members from ``from`` on are held (``load(from:_:)``, ``evictIfLarge()``): memory follows the
/// window, not the store's history.
struct ReferenceStoryIndex {
    /// Members of one band read per look-up, newest first, before the feed and window filters: a band that
    /// boilerplate ("Subscribe to our newsletter…") shares with thousands of items would otherwise make every
    /// look-up read all of them; near-duplicates of a new item are recent, so the newest 16 hold them.
    static let membersPerBand = 16

    let window: TimeInterval
    /// Every member up to this one whose story time is at or after ``from`` is held.
    private(set) var lastMember: Int64 = 0
    private(set) var from = Double.infinity
    private var started = false

    private var members: [Int64] = []
    /// Each member's feed and story time side by side: a look-up reads both for every entry of a chain, at
    /// random places, and one cache line then serves both.
    private var places: [(feed: Int64, time: Double)] = []
    /// ``StoryText/hashCount`` values per member, in member order.
    private var hashes: [UInt32] = []
    /// Band key → the entry added last to that band; entries chain to the one added before (-1 ends a chain).
    private var heads = ReferenceBandTable()
    /// Per entry: its member's index and the entry added to the band before it (side by side, as above).
    private var entries: [(member: Int32, next: Int32)] = []
    /// Member count at the last rebuild: eviction runs when the index has doubled since.
    private var sizeAtRebuild = 0
    /// The lowest story time any look-up asked for since the last eviction: what is older has not been needed.
    private var lowestWanted = Double.infinity

    init(window: TimeInterval) {
        self.window = window
    }

    /// Adds the members committed since the last sync (by any process). Call inside the write transaction.
    mutating func sync(_ db: Database) throws {
        guard started else {
            lastMember = try Int64.fetchOne(db, sql: "SELECT MAX(member) FROM story_member") ?? 0
            started = true
            return
        }
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: "SELECT member, feed_id, story_time, signature FROM story_member WHERE member > ? ORDER BY member"),
            arguments: [lastMember])
        while let row = try rows.next() {
            let member: Int64 = row[0]
            lastMember = member
            let time: Double = row[2]
            if time >= from { add(member: member, feed: row[1], time: time, hashes: StoryText.hashes(ofBlob: row[3])) }
        }
        evictIfLarge()
    }

    /// Makes sure every member with a story time at or after `time` is held: reads the older ones not held yet.
    mutating func load(from time: Double, _ db: Database) throws {
        // A margin below what was asked: items of one feed come in publication order, oldest first, and the next
        // refresh's oldest item is usually a little older than this one's.
        let lower = time - window
        lowestWanted = min(lowestWanted, lower)
        guard started, time < from else { return }
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT member, feed_id, story_time, signature FROM story_member
                    WHERE story_time >= ? AND story_time < ? AND member <= ? ORDER BY member
                    """),
            arguments: [lower, from, lastMember])
        from = lower
        for row in rows {
            add(member: row[0], feed: row[1], time: row[2], hashes: StoryText.hashes(ofBlob: row[3]))
        }
    }

    /// The members that share a band with `text`, of another feed than `feedID`, whose story time is within the
    /// window around `time`, with their estimated similarity; oldest member first. Per band, the newest
    /// ``membersPerBand`` of those by member (the rule StoryIndex keeps; the index before it took the first 16 of
    /// the band's chain, in the order members were added, and filtered them after).
    func candidates(for text: StoryText, feedID: Int64, time: Double) -> [(member: Int64, similarity: Double)] {
        var found: [Int32] = []
        for key in text.bandKeys {
            guard var entry = heads[key] else { continue }
            var band: [Int32] = []
            while entry >= 0 {
                let (index, next) = entries[Int(entry)]
                entry = next
                let place = places[Int(index)]
                if place.feed != feedID, abs(place.time - time) <= window { band.append(index) }
            }
            found += band.sorted { members[Int($0)] > members[Int($1)] }.prefix(Self.membersPerBand)
        }
        found.sort { members[Int($0)] < members[Int($1)] }
        var result: [(member: Int64, similarity: Double)] = []
        for (position, index) in found.enumerated() where position == 0 || found[position - 1] != index {
            result.append((members[Int(index)], similarity(text, index)))
        }
        return result
    }

    private func similarity(_ text: StoryText, _ index: Int32) -> Double {
        let count = StoryText.hashCount
        guard text.minHashes.count == count else { return 0 }
        let base = Int(index) * count
        var equal = 0
        hashes.withUnsafeBufferPointer { stored in
            text.minHashes.withUnsafeBufferPointer { own in
                for position in 0..<count where stored[base + position] == own[position] { equal += 1 }
            }
        }
        return Double(equal) / Double(count)
    }

    private mutating func add(member: Int64, feed: Int64, time: Double, hashes signature: ArraySlice<UInt32>) {
        guard signature.count == StoryText.hashCount else { return }
        let index = Int32(members.count)
        members.append(member)
        places.append((feed, time))
        hashes += signature
        for key in StoryText.bandKeys(of: signature) {
            entries.append((index, heads.update(key, to: Int32(entries.count)) ?? -1))
        }
    }

    /// Drops the members older than every look-up since the last eviction once the index has doubled in size
    /// since (amortized: each member is copied a bounded number of times). A long-running process looks up new
    /// items, so what it holds follows the window as time passes; members dropped are read again if needed.
    private mutating func evictIfLarge() {
        guard members.count > 4096, members.count >= 2 * sizeAtRebuild else { return }
        if lowestWanted > from, lowestWanted < .infinity {
            from = lowestWanted
            rebuild(keepingFrom: from)
        }
        sizeAtRebuild = members.count
        lowestWanted = .infinity
    }

    /// The index again from its members at or after `lower`, in member order.
    private mutating func rebuild(keepingFrom lower: Double) {
        let count = StoryText.hashCount
        let order = members.indices.filter { places[$0].time >= lower }.sorted { members[$0] < members[$1] }
        let old = (members: members, places: places, hashes: hashes)
        members = []
        places = []
        hashes = []
        heads = ReferenceBandTable(capacity: order.count * StoryText.bandCount)
        entries = []
        for index in order {
            add(
                member: old.members[index], feed: old.places[index].feed, time: old.places[index].time,
                hashes: old.hashes[index * count..<(index + 1) * count])
        }
        sizeAtRebuild = members.count
    }
}

/// A hash map from LSH band keys to an `Int32` (the newest entry of the band in ``ReferenceStoryIndex``): open addressing
/// with linear probing over two flat arrays.
///
/// Why not `Dictionary`: band keys are already uniformly mixed 63-bit values (``StoryText/bandKeys`` end in
/// splitmix64), so hashing them again through SipHash and keeping Dictionary's per-entry metadata cost more than
/// the look-ups themselves, and a store holds a dozen of them per item.
struct ReferenceBandTable {
    /// -1 marks an empty slot: band keys are never negative (they are shifted right by one).
    private var keys: [Int64]
    private var values: [Int32]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        keys = Array(repeating: -1, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    subscript(key: Int64) -> Int32? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found < 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Sets the value of `key` and returns the value it had (nil when it was absent).
    @discardableResult
    mutating func update(_ key: Int64, to value: Int32) -> Int32? {
        precondition(key >= 0, "band keys are not negative")
        if (count + 1) * 2 > keys.count { grow() }
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[slot]
            if found == key {
                let old = values[slot]
                values[slot] = value
                return old
            }
            if found < 0 {
                keys[slot] = key
                values[slot] = value
                count += 1
                return nil
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = (keys: keys, values: values)
        self = ReferenceBandTable(capacity: old.keys.count)
        for (index, key) in old.keys.enumerated() where key >= 0 { update(key, to: old.values[index]) }
    }
}
