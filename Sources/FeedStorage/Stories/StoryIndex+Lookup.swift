import Foundation

extension StoryIndex {
    /// Loads the cache lines the look-ups of these texts at these times will search first (``StorySlice/touch(_:)``),
    /// all at once: the look-ups of one refresh are independent of each other (its items are of one feed, which
    /// a look-up passes over), so their misses can overlap here instead of stalling each look-up in turn. Only
    /// memory is read; the look-ups' answers are the same without it.
    mutating func warm(_ texts: [StoryText], at times: [Double]) {
        var fingerprints: [UInt64] = []
        for (text, time) in zip(texts, times) where text.minHashes.count == StoryText.hashCount {
            fingerprints.removeAll(keepingCapacity: true)
            for key in text.bandKeys { fingerprints.append(StorySlice.fingerprint(key)) }
            let first = slice(of: time - window)
            for number in first...max(first, slice(of: time + window)) {
                guard let position = slices.index(forKey: number) else { continue }
                touched ^= slices.values[position].touch(fingerprints)
            }
        }
    }

    /// The members that share a band with `text`, of another feed than `feedID`, whose story time is within the
    /// window around `time`, and whose estimated similarity is at least ``StoryMatch/minSimilarity``, with that
    /// similarity; oldest member first. Per band, only the newest ``membersPerBand`` of those within the window
    /// (by member, whatever their similarity) are taken. The slices of `time` must be covered (``cover(_:_:)``).
    ///
    /// The index holds fingerprints of band keys and a sketch of each signature, not the MinHash values: a member
    /// whose sketch agrees on too few values cannot reach the similarity and is ruled out there (most are:
    /// members that share one band of boilerplate); the rest have their signature read from `source` by member,
    /// which tells a true band match from a fingerprint collision and gives the similarity. A member ruled out by
    /// its sketch still takes a place in its band unless its sketch also shows the key cannot be one of its bands'
    /// (``StorySlice/mayShareKey(_:_:_:)``): the band's places then go to the members the reference would take,
    /// however short the fingerprint. A member whose row is
    /// gone (retention removed its item) is skipped. A key is matched in any band, as the keys' own
    /// hash table did: a band's number only seeds its key, and a signature of small values can give two bands
    /// one key.
    func candidates(
        for text: StoryText, feedID: Int64, time: Double, in source: some StoryMemberSource
    ) throws -> [(member: Int64, similarity: Double)] {
        guard text.minHashes.count == StoryText.hashCount else { return [] }
        var probe = StoryProbe(
            feed: feedNumbers[feedID], time: time, window: window, sketch: StorySlice.sketch(of: text.minHashes[...]),
            needed: Int((StoryMatch.minSimilarity * Double(StoryText.hashCount)).rounded(.up)))
        let first = slice(of: time - window)
        // Copies of the (at most two) slices, taken once: one per band would cost a retain and a release per
        // column each time.
        let held = (first...max(first, slice(of: time + window))).compactMap { slices[$0] }
        let keys = text.bandKeys
        let fingerprints = keys.map(StorySlice.fingerprint)
        var starts = [[StorySlice.Start]](repeating: [], count: held.count)
        for position in held.indices { held[position].starts(of: fingerprints, into: &starts[position]) }
        let readSignature = try source.storySignatureReader()
        // Members whose signature was read: their band keys and equal hash values (none when the row is gone).
        var signatures: [Int64: (keys: [Int64], equal: Int)] = [:]
        var chosen: [Int64] = []
        var found: [(member: Int64, promising: Bool)] = []
        var band: [Int64] = []
        for (number, key) in keys.enumerated() {
            let fingerprint = fingerprints[number]
            probe.band = number
            band.removeAll(keepingCapacity: true)
            for position in held.indices {
                // A promising member whose band key only shares the fingerprint does not count: then look further.
                var limit = Self.membersPerBand
                while true {
                    found.removeAll(keepingCapacity: true)
                    let appended = held[position].newest(
                        fingerprint, from: starts[position][number], probe, limit: limit, into: &found)
                    let mark = band.count
                    for (member, promising) in found where band.count - mark < Self.membersPerBand {
                        if promising {
                            if signatures[member] == nil {
                                let hashes = StoryText.hashes(
                                    ofBlob: try readSignature(member) ?? Data())
                                var equal = 0
                                for (index, value) in zip(hashes.indices, text.minHashes) where hashes[index] == value {
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
            chosen += band.count > Self.membersPerBand ? band.sorted(by: >).prefix(Self.membersPerBand) : band[...]
        }
        chosen.sort()
        var previous: Int64?
        return chosen.compactMap { member in
            defer { previous = member }
            guard member != previous else { return nil }
            guard let equal = signatures[member]?.equal, equal >= probe.needed else { return nil }
            return (member, Double(equal) / Double(StoryText.hashCount))
        }
    }
}
