import Foundation
import GRDB

extension StoryIndex {
    /// The members that share a band with `text`, of another feed than `feedID`, whose story time is within the
    /// window around `time`, and whose estimated similarity is at least ``StoryMatch/minSimilarity``, with that
    /// similarity; oldest member first. Per band, only the newest ``membersPerBand`` of those within the window
    /// (by member, whatever their similarity) are taken. The slices of `time` must be covered (``cover(_:_:)``).
    ///
    /// The index holds fingerprints of band keys and a sketch of each signature, not the MinHash values: a member
    /// whose sketch agrees on too few values cannot reach the similarity and is ruled out there (most are:
    /// members that share one band of boilerplate); the rest have their signature read from `story_member` by
    /// primary key, which tells a true band match from a fingerprint collision and gives the similarity. A member
    /// whose row is gone (retention removed its item) is skipped. A key is matched in any band, as the keys' own
    /// hash table did: a band's number only seeds its key, and a signature of small values can give two bands
    /// one key.
    func candidates(
        for text: StoryText, feedID: Int64, time: Double, in db: Database
    ) throws -> [(member: Int64, similarity: Double)] {
        guard text.minHashes.count == StoryText.hashCount else { return [] }
        let probe = StoryProbe(
            feed: feedNumbers[feedID], time: time, window: window, sketch: StorySlice.sketch(of: text.minHashes[...]),
            needed: Int((StoryMatch.minSimilarity * Double(StoryText.hashCount)).rounded(.up)))
        let first = slice(of: time - window)
        // Positions in the dictionary, not the slices: a slice copied out of it costs a retain and a release per
        // column.
        let held = (first...max(first, slice(of: time + window))).compactMap { slices.index(forKey: $0) }
        let read = try db.cachedStatement(sql: "SELECT signature FROM story_member WHERE member = ?")
        // Members whose signature was read: their band keys and equal hash values (none when the row is gone).
        var signatures: [Int64: (keys: [Int64], equal: Int)] = [:]
        var chosen = Set<Int64>()
        var found: [(member: Int64, promising: Bool)] = []
        var band: [Int64] = []
        for key in text.bandKeys {
            let fingerprint = StorySlice.fingerprint(key)
            band.removeAll(keepingCapacity: true)
            for position in held {
                // A promising member whose band key only shares the fingerprint does not count: then look further.
                var limit = Self.membersPerBand
                while true {
                    found.removeAll(keepingCapacity: true)
                    let appended = slices.values[position].newest(fingerprint, probe, limit: limit, into: &found)
                    let mark = band.count
                    for (member, promising) in found where band.count - mark < Self.membersPerBand {
                        if promising {
                            if signatures[member] == nil {
                                let hashes = StoryText.hashes(
                                    ofBlob: try Data.fetchOne(read, arguments: [member]) ?? Data())
                                var equal = 0
                                for (position, value) in zip(hashes.indices, text.minHashes)
                                where hashes[position] == value {
                                    equal += 1
                                }
                                signatures[member] = (StoryText.bandKeys(of: hashes), equal)
                            }
                            guard let signature = signatures[member], signature.keys.contains(key) else { continue }
                        }
                        band.append(member)
                    }
                    if band.count - mark == Self.membersPerBand || appended < limit { break }
                    band.removeSubrange(mark...)
                    limit *= 2
                }
            }
            // Each slice gave its newest; the band's newest are the newest of those.
            chosen.formUnion(
                band.count > Self.membersPerBand ? band.sorted(by: >).prefix(Self.membersPerBand) : band[...])
        }
        return chosen.sorted().compactMap { member in
            guard let equal = signatures[member]?.equal, equal >= probe.needed else { return nil }
            return (member, Double(equal) / Double(StoryText.hashCount))
        }
    }
}
