import FeedModel
import Foundation

/// What near-duplicate detection knows about an item's text: a MinHash signature over word shingles of its lead,
/// its title words, and the names and numbers of its lead.
///
/// Why the lead and not the whole body: syndication trims from the end (aggregators keep the first paragraph or
/// the first few hundred characters, then "…" or "Read more"), so the opening words are what every copy of an
/// article shares; a full copy and a trimmed one compared over whole bodies would look far apart.
/// MinHash (Broder 1997) estimates the Jaccard similarity of two shingle sets from two short signatures, and its
/// bands (``bandKeys``) make an index that finds the similar ones without comparing against every stored item
/// (locality-sensitive hashing; Leskovec, Rajaraman, Ullman, Mining of Massive Datasets, ch. 3).
package struct StoryText: Sendable, Hashable {
    /// ``hashCount`` minimum hash values; empty when the item has too little text to compare (see ``minWords``).
    package var minHashes: [UInt32]
    /// The title's words, lower-cased, without stop words.
    package var titleWords: Set<String>
    /// Capitalised words inside sentences (names) and numbers of the lead: who and how much a story is about.
    package var entities: Set<String>

    /// Words of the body's opening that are compared. 40 words is about two sentences: what a trimmed copy keeps
    /// (feeds that trim do so at 150–300 characters or more), and long enough that a shared boilerplate phrase
    /// ("a leading provider of …") is a small part of it.
    static let leadWords = 40
    /// Below this many words (title and lead together) an item is only matched by its URL: a handful of words
    /// ("Weekly links", "Podcast episode 12") is shared by unrelated items too often.
    static let minWords = 12
    /// Signature length: the estimate's standard deviation is about sqrt(J(1−J)/48) ≤ 0.072.
    package static let hashCount = 48
    /// LSH bands of ``rowsPerBand`` values over the first ``bandCount`` × ``rowsPerBand`` hashes. Two items share a
    /// band with probability 1 − (1 − J³)¹²: 0.80 at J = 0.5, 0.95 at 0.6, 0.998 at 0.7, but 0.0001 at J = 0.02,
    /// what unrelated items of the same genre reach through common phrases; three rows a band (not two) keep
    /// those from flooding the candidates when thousands of items are in the window.
    static let bandCount = 12
    static let rowsPerBand = 3

    /// The signature of an item: its lead (see ``leadWords``), else title and body together when the body is short.
    init(_ item: Item) {
        let title = TextWords(plain: item.title.map { TextWords.stripTags($0) } ?? [], limit: 64)
        let bodySource = item.contentHTML ?? item.contentText ?? item.summary ?? ""
        let body = TextWords(plain: TextWords.stripTags(bodySource), limit: Self.leadWords)
        titleWords = Set(title.words.filter { !TextWords.stopWords.contains($0) })
        entities = body.entities
        let words = body.count < Self.minWords ? title.followed(by: body) : body
        minHashes = words.count >= Self.minWords ? Self.minHash(of: words) : []
    }

    /// MinHash values of the set of 3-word shingles: a shingle keeps word order, so "Acme buys Beta" and
    /// "Beta buys Acme" differ, while one changed word only changes three shingles. A shingle's 64-bit hash is
    /// FNV-1a over its three words, each followed by a space: the contiguous bytes of three consecutive words in
    /// ``TextWords/bytes``, hashed in place (a string per word cost more than the hashing).
    static func minHash(of words: TextWords) -> [UInt32] {
        var minimums = [UInt32](repeating: .max, count: hashCount)
        let starts = words.starts
        words.bytes.withUnsafeBufferPointer { bytes in
            multipliers.withUnsafeBufferPointer { multipliers in
                addends.withUnsafeBufferPointer { addends in
                    minimums.withUnsafeMutableBufferPointer { minimums in
                        for first in 0...(words.count - 3) {
                            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                            for byte in bytes[starts[first]..<starts[first + 3]] {
                                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                            }
                            // Multiply-shift hashing (Dietzfelbinger et al. 1997) turns one 64-bit hash into many
                            // independent ones.
                            for index in 0..<hashCount {
                                let value = UInt32(
                                    truncatingIfNeeded: (multipliers[index] &* hash &+ addends[index]) >> 32)
                                minimums[index] = min(minimums[index], value)
                            }
                        }
                    }
                }
            }
        }
        return minimums
    }

    /// Fixed odd multipliers and addends (splitmix64 of the index): the same signature in every process and release.
    private static let multipliers: [UInt64] = (0..<hashCount).map { splitMix(UInt64($0) * 2 + 1) | 1 }
    private static let addends: [UInt64] = (0..<hashCount).map { splitMix(UInt64($0) * 2 + 2) }

    static func splitMix(_ seed: UInt64) -> UInt64 {
        var z = seed &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// One key per band: the band's number and its values mixed into 63 bits (SQLite integers are signed).
    package var bandKeys: [Int64] { Self.bandKeys(of: minHashes[...]) }

    /// ``bandKeys`` of a signature's hash values.
    package static func bandKeys(of minHashes: ArraySlice<UInt32>) -> [Int64] {
        guard minHashes.count == hashCount else { return [] }
        let start = minHashes.startIndex
        return (0..<bandCount).map { band in
            var key = UInt64(band)
            for row in 0..<rowsPerBand {
                key = splitMix(key ^ UInt64(minHashes[start + band * rowsPerBand + row]))
            }
            return Int64(bitPattern: key >> 1)
        }
    }

    /// The share of equal positions: an unbiased estimate of the two shingle sets' Jaccard similarity.
    package func similarity(to other: StoryText) -> Double {
        guard minHashes.count == Self.hashCount, other.minHashes.count == Self.hashCount else { return 0 }
        let equal = zip(minHashes, other.minHashes).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(equal) / Double(Self.hashCount)
    }

    /// ``similarity(to:)`` against a stored signature, without decoding it into a StoryText.
    func similarity(toBlob blob: Data) -> Double {
        guard minHashes.count == Self.hashCount, blob.count == Self.hashCount * 4 else { return 0 }
        var equal = 0
        blob.withUnsafeBytes { bytes in
            for index in 0..<Self.hashCount
            where bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
                .littleEndian == minHashes[index]
            {
                equal += 1
            }
        }
        return Double(equal) / Double(Self.hashCount)
    }

    /// |A ∩ B| / min(|A|, |B|): a trimmed copy's smaller set still counts as fully contained in the original.
    static func overlap(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(min(a.count, b.count))
    }
}

extension StoryText {
    /// The signature as stored: hashes as 4 little-endian bytes each.
    package var signatureBlob: Data {
        // One copy of the values' bytes (appending 4 bytes at a time to a Data cost more than the MinHash itself).
        #if _endian(little)
            minHashes.withUnsafeBytes { Data($0) }
        #else
            minHashes.map(\.littleEndian).withUnsafeBytes { Data($0) }
        #endif
    }

    /// A stored signature with its title words and entities (space-separated).
    package init(blob: Data, titleWords: String, entities: String) {
        minHashes = Array(Self.hashes(ofBlob: blob))
        self.titleWords = Self.words(titleWords)
        self.entities = Self.words(entities)
    }

    /// The set of stored space-separated words.
    static func words(_ stored: String) -> Set<String> { Set(stored.split(separator: " ").map(String.init)) }

    /// The hash values of a stored signature (4 little-endian bytes each).
    package static func hashes(ofBlob blob: Data) -> ArraySlice<UInt32> {
        var values: [UInt32] = []
        values.reserveCapacity(blob.count / 4)
        blob.withUnsafeBytes { bytes in
            for start in stride(from: 0, to: bytes.count - 3, by: 4) {
                values.append(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
            }
        }
        return values[...]
    }
}
