import Testing

@testable import FeedStorage

/// A slice's 28-bit fingerprints let keys that differ share one; a look-up of a band drops the members its sketch
/// shows cannot hold the band's key, and keeps those whose key is the band's in any of their bands.
@Suite("Story slice band check") struct StorySliceBandsTests {
    /// Random hash values for a signature.
    static func hashes(_ random: inout SplitMixRandom) -> [UInt32] {
        (0..<StoryText.hashCount).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
    }

    /// The members of one band `fingerprint` reaches in a slice of `members`, for a probe of `probe`'s hashes
    /// that takes every member (none can reach the similarity a match needs, so none is promising).
    static func found(
        _ fingerprint: UInt64, band: Int?, probe: [UInt32], members: [[UInt32]]
    ) -> [Int64] {
        var slice = StorySlice()
        for (number, hashes) in members.enumerated() {
            slice.add(member: Int64(number + 1), feed: 1, time: 0, hashes: hashes[...])
        }
        var query = StoryProbe(
            feed: 0, time: 0, window: 1, sketch: StorySlice.sketch(of: probe[...]), needed: StoryText.hashCount + 1)
        query.band = band
        var found: [(member: Int64, promising: Bool)] = []
        slice.newest(fingerprint, query, limit: 16, into: &found)
        return found.map(\.member)
    }

    @Test("a member that only shares the key's fingerprint takes no place in the band")
    func collision() throws {
        // Enough random keys that two of them share a 28-bit fingerprint (about 300 pairs expected).
        var random = SplitMixRandom(seed: 3)
        var seen: [UInt64: (hashes: [UInt32], band: Int, key: Int64)] = [:]
        var pair: (probe: [UInt32], band: Int, other: [UInt32])?
        while pair == nil {
            let hashes = Self.hashes(&random)
            for (band, key) in StoryText.bandKeys(of: hashes[...]).enumerated() {
                let fingerprint = StorySlice.fingerprint(key)
                if let earlier = seen[fingerprint], earlier.key != key {
                    pair = (earlier.hashes, earlier.band, hashes)
                    break
                }
                seen[fingerprint] = (hashes, band, key)
            }
        }
        let (probe, band, other) = try #require(pair)
        let fingerprint = StorySlice.fingerprint(StoryText.bandKeys(of: probe[...])[band])
        #expect(Self.found(fingerprint, band: nil, probe: probe, members: [other]) == [1])
        #expect(Self.found(fingerprint, band: band, probe: probe, members: [other]).isEmpty)
    }

    @Test("a member whose key is the band's in another of its bands keeps its place", arguments: [(0, 11), (5, 2)])
    func otherBand(band: Int, other: Int) {
        var random = SplitMixRandom(seed: 9)
        let probe = Self.hashes(&random)
        var member = Self.hashes(&random)
        // A band's number is mixed into its first row (StoryText.bandKeys): flipping its bits there gives the
        // other band the same key.
        let rows = StoryText.rowsPerBand
        member[other * rows] = probe[band * rows] ^ UInt32(band ^ other)
        for row in 1..<rows { member[other * rows + row] = probe[band * rows + row] }
        let key = StoryText.bandKeys(of: probe[...])[band]
        #expect(StoryText.bandKeys(of: member[...])[other] == key)
        let unrelated = Self.hashes(&random)
        #expect(
            Self.found(StorySlice.fingerprint(key), band: band, probe: probe, members: [member, unrelated, member])
                == [3, 1])
    }
}
