/// The members of one time slice of the story index (``StoryIndex``): those whose story time falls in one
/// window-wide span, in member order, with their LSH band entries.
///
/// Columns of narrow types, not a struct per member, and no MinHash values (a look-up reads the few it needs from
/// `story_member`): per member a 32-byte record (a 24-byte sketch of its signature (``sketch(of:)``), its 4-byte
/// feed number and its 4-byte offset from the first member), 8 bytes of story time, and per band one 8-byte entry
/// (the band key's 40-bit fingerprint above the member's 24-bit index in the slice), about 140 bytes in all. What
/// a look-up checks of a member it walks to (feed, sketch, number) so lies in one cache line, and its time in one
/// more.
/// Entries live in a sorted array searched through a small directory of fingerprint prefixes, beside a short
/// sorted array of the newest ones that is merged into it once it reaches a 64th of its size: inserts stay
/// cheap and the bulk has no hash table's empty slots.
struct StorySlice {
    /// ``recordWords`` words per member: ``sketchWords`` of sketch, the feed number, the member's offset from the
    /// first (4 bytes: a slice spans far fewer than 2³² seqs; all members are in ``wideMembers`` once one does not
    /// fit).
    private(set) var records: [UInt32] = []
    private var firstMember: Int64 = 0
    private var wideMembers: [Int64]?
    private(set) var times: [Double] = []
    /// Band entries, `fingerprint << 24 | index`, ascending: a fingerprint's entries are adjacent, oldest first.
    private(set) var merged: [UInt64] = []
    /// Where each prefix (the top bits of the fingerprint) of ``merged`` starts; one past the last at the end.
    private(set) var directory: [UInt32] = [0, 0]
    private(set) var prefixBits: UInt64 = 0
    /// The entries added since the last merge, ascending as well.
    private(set) var recent: [UInt64] = []

    /// The members held.
    var count: Int { times.count }

    /// The member at an index.
    func member(at index: Int) -> Int64 {
        wideMembers?[index] ?? firstMember + Int64(records[index * Self.recordWords + Self.offsetWord])
    }

    /// Bytes held, capacity included.
    var bytes: Int {
        records.capacity * 4 + (wideMembers?.capacity ?? 0) * 8 + times.capacity * 8 + merged.capacity * 8
            + recent.capacity * 8 + directory.capacity * 4
    }

    /// Members a slice holds at most: its entries keep 24 bits of index (a week of 2,000 items a day from each of
    /// 1,000 feeds is 14 million).
    static let capacity = 1 << 24
    static let sketchWords = 6
    static let feedWord = sketchWords
    static let offsetWord = sketchWords + 1
    static let recordWords = sketchWords + 2

    /// The fingerprint of a band key (band keys are 63-bit): its top 40 bits. Two keys that share it are told
    /// apart by the member's stored signature when it is read (``StoryIndex``).
    static func fingerprint(_ key: Int64) -> UInt64 { UInt64(bitPattern: key) >> 23 }

    /// Four bits of each hash value (its lowest), 8 to a word. Two signatures have at least as many equal four-bit
    /// values as equal hashes, so a count of equal values here below what a match needs rules a member out
    /// without reading its signature; unrelated signatures agree on about a sixteenth (with two bits, a quarter:
    /// a near-duplicate cluster's fringe then had its signatures read).
    static func sketch(of hashes: ArraySlice<UInt32>) -> [UInt32] {
        var words = [UInt32](repeating: 0, count: sketchWords)
        for (position, value) in hashes.enumerated() {
            words[position / 8] |= (value & 0xF) << UInt32(4 * (position % 8))
        }
        return words
    }

    /// Adds a member newer than every member held, with its signature's hash values. A slice read in one go adds
    /// its members `inBulk`, then calls ``finishBulk()`` before any look-up: one sort instead of an insert each.
    mutating func add(member: Int64, feed: UInt32, time: Double, hashes: ArraySlice<UInt32>, inBulk: Bool = false) {
        precondition(times.count < Self.capacity, "a story slice holds at most 2^24 members")
        Self.makeRoom(in: &times)
        let index = UInt64(times.count)
        if times.isEmpty { firstMember = member }
        var offset: UInt32 = 0
        if wideMembers == nil, let narrow = UInt32(exactly: member - firstMember) {
            offset = narrow
        } else {
            if wideMembers == nil {
                wideMembers = (0..<times.count).map(member(at:))
            }
            wideMembers?.append(member)
        }
        times.append(time)
        if records.count + Self.recordWords > records.capacity {
            records.reserveCapacity(max(16 * Self.recordWords, records.count + records.count / 8 + Self.recordWords))
        }
        records += Self.sketch(of: hashes)
        records.append(feed)
        records.append(offset)
        for key in StoryText.bandKeys(of: hashes) {
            let entry = Self.fingerprint(key) << 24 | index
            if inBulk {
                recent.append(entry)
            } else {
                recent.insert(entry, at: Self.lowerBound(entry, in: recent[...]))
            }
        }
        if !inBulk, recent.count > recentLimit { merge() }
    }

    /// Sorts and merges the entries added in bulk.
    mutating func finishBulk() {
        recent.sort()
        merge()
    }

    static let indexMask: UInt64 = 0xFF_FFFF

    /// Room for one more element: an eighth more when full, not double (slack is memory held for nothing).
    private static func makeRoom<Element>(in column: inout [Element]) {
        if column.count == column.capacity { column.reserveCapacity(max(16, column.count + column.count / 8)) }
    }

    /// Entries ``recent`` takes before it is merged.
    private var recentLimit: Int { max(192, merged.count / 64) }

    /// Merges ``recent`` into ``merged`` (one pass, into an array of the exact size) and rebuilds the directory.
    private mutating func merge() {
        var result: [UInt64] = []
        result.reserveCapacity(merged.count + recent.count)
        var left = 0
        var right = 0
        while left < merged.count, right < recent.count {
            if merged[left] < recent[right] {
                result.append(merged[left])
                left += 1
            } else {
                result.append(recent[right])
                right += 1
            }
        }
        result += merged[left...]
        result += recent[right...]
        merged = result
        // Room for the entries of the member that takes it past its limit, so it never doubles.
        recent = []
        recent.reserveCapacity(recentLimit + StoryText.bandCount)
        // About 128 entries a prefix: a look-up then binary-searches a kilobyte.
        var bits: UInt64 = 0
        while bits < 20, merged.count >> (bits + 7) > 0 { bits += 1 }
        prefixBits = bits
        var starts = [UInt32](repeating: 0, count: (1 << bits) + 1)
        for entry in merged { starts[Int(truncatingIfNeeded: entry >> (64 - bits)) + 1] += 1 }
        for prefix in 1..<starts.count { starts[prefix] += starts[prefix - 1] }
        directory = starts
    }

    /// The first position in `part` whose entry is not below `entry`.
    static func lowerBound(_ entry: UInt64, in part: ArraySlice<UInt64>) -> Int {
        var low = part.startIndex
        var high = part.endIndex
        while low < high {
            let middle = (low + high) / 2
            if part[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// What a look-up keeps of a band's members (``StorySlice/newest(_:_:limit:into:)``): those of another feed than
/// `feed` within `window` of `time`, and which of them may reach `needed` equal hash values (by `sketch`).
struct StoryProbe {
    var feed: UInt32?
    var time: Double
    var window: Double
    var sketch: [UInt32]
    var needed: Int
}
