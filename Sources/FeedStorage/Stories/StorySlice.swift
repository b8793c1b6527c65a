/// The members of one time slice of the story index (``StoryIndex``): those whose story time falls in one
/// window-wide span, in member order, with their LSH band entries.
///
/// Columns of narrow types, not a struct per member, and no MinHash values (a look-up reads the few it needs from
/// `story_member`): per member 4 bytes of member, 8 of story time, 4 of feed number, a 24-byte sketch of its
/// signature (``sketch(of:)``), and per band one 8-byte entry (the band key's 40-bit fingerprint above the member's
/// 24-bit index in the slice), about 140 bytes in all.
/// Entries live in a sorted array searched through a small directory of fingerprint prefixes, beside a short
/// sorted array of the newest ones that is merged into it once it reaches a 64th of its size: inserts stay
/// cheap and the bulk has no hash table's empty slots.
struct StorySlice {
    /// Members as offsets from the first (4 bytes: a slice spans far fewer than 2³² seqs), or all of them in
    /// ``wideMembers`` once one does not fit.
    private var memberOffsets: [UInt32] = []
    private var firstMember: Int64 = 0
    private var wideMembers: [Int64]?
    private(set) var times: [Double] = []
    private(set) var feeds: [UInt32] = []
    /// ``sketchWords`` words per member.
    private var sketches: [UInt32] = []
    /// Band entries, `fingerprint << 24 | index`, ascending: a fingerprint's entries are adjacent, oldest first.
    private var merged: [UInt64] = []
    /// Where each prefix (the top bits of the fingerprint) of ``merged`` starts; one past the last at the end.
    private var directory: [UInt32] = [0, 0]
    private var prefixBits: UInt64 = 0
    /// The entries added since the last merge, ascending as well.
    private var recent: [UInt64] = []

    /// The members held.
    var count: Int { times.count }

    /// The member at an index.
    func member(at index: Int) -> Int64 { wideMembers?[index] ?? firstMember + Int64(memberOffsets[index]) }

    /// Bytes held, capacity included.
    var bytes: Int {
        memberOffsets.capacity * 4 + (wideMembers?.capacity ?? 0) * 8 + times.capacity * 8 + feeds.capacity * 4
            + sketches.capacity * 4 + merged.capacity * 8 + recent.capacity * 8
            + directory.capacity * 4
    }

    /// Members a slice holds at most: its entries keep 24 bits of index (a week of 2,000 items a day from each of
    /// 1,000 feeds is 14 million).
    static let capacity = 1 << 24
    static let sketchWords = 6

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
        Self.makeRoom(in: &feeds)
        let index = UInt64(times.count)
        if times.isEmpty { firstMember = member }
        if wideMembers == nil, let offset = UInt32(exactly: member - firstMember) {
            Self.makeRoom(in: &memberOffsets)
            memberOffsets.append(offset)
        } else {
            if wideMembers == nil {
                wideMembers = memberOffsets.map { firstMember + Int64($0) }
                memberOffsets = []
            }
            wideMembers?.append(member)
        }
        times.append(time)
        feeds.append(feed)
        if sketches.count + Self.sketchWords > sketches.capacity {
            sketches.reserveCapacity(max(48, sketches.count + sketches.count / 8 + Self.sketchWords))
        }
        sketches += Self.sketch(of: hashes)
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

    /// Appends to `found` the members that have an entry of `fingerprint` and pass `probe`'s feed and window,
    /// newest first, `limit` at most, each with whether its sketch agrees on enough values to reach the similarity
    /// the probe needs. Returns how many it appended.
    @discardableResult
    func newest(
        _ fingerprint: UInt64, _ probe: StoryProbe, limit: Int, into found: inout [(member: Int64, promising: Bool)]
    ) -> Int {
        let low = fingerprint << 24
        let high = low | Self.indexMask
        var appended = 0
        // Both parts hold indices in ascending order per fingerprint, and every index of `recent` was added after
        // every one of `merged`: `recent` first, each from its end.
        if !recent.isEmpty {
            scan(recent[...], from: Self.lowerBound(low, in: recent[...]), high, probe, limit, &appended, &found)
        }
        let prefix = Int(truncatingIfNeeded: low >> (64 - prefixBits))
        let part = merged[Int(directory[prefix])..<Int(directory[prefix + 1])]
        if !part.isEmpty {
            scan(part, from: interpolatedLowerBound(low, in: part), high, probe, limit, &appended, &found)
        }
        return appended
    }

    /// Appends the run of entries up to `high` that starts at `start`, from its end (see ``newest(_:_:limit:into:)``).
    private func scan(
        _ part: ArraySlice<UInt64>, from start: Int, _ high: UInt64, _ probe: StoryProbe, _ limit: Int,
        _ appended: inout Int, _ found: inout [(member: Int64, promising: Bool)]
    ) {
        // Galloping to the run's end: most runs are an entry or two, a boilerplate band's a few hundred.
        var step = 1
        while start + step - 1 < part.endIndex, part[start + step - 1] <= high { step *= 2 }
        let lower = step == 1 ? start : start + step / 2
        var position = Self.lowerBound(high, in: part[lower..<max(lower, min(start + step - 1, part.endIndex))])
        if position < part.endIndex, part[position] == high { position += 1 }
        while position > start, appended < limit {
            position -= 1
            let index = Int(truncatingIfNeeded: part[position] & Self.indexMask)
            guard feeds[index] != probe.feed, abs(times[index] - probe.time) <= probe.window else { continue }
            var equal = 0
            for word in 0..<Self.sketchWords {
                let difference = sketches[index * Self.sketchWords + word] ^ probe.sketch[word]
                // A nibble is equal when all four of its bits are: fold them into its lowest bit.
                equal +=
                    ((~(difference | difference >> 1 | difference >> 2 | difference >> 3)) & 0x1111_1111)
                    .nonzeroBitCount
            }
            found.append((member(at: index), equal >= probe.needed))
            appended += 1
        }
    }

    private static let indexMask: UInt64 = 0xFF_FFFF

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

    /// ``lowerBound(_:in:)`` for a part of ``merged`` under one prefix: fingerprints are uniform, so the entry's
    /// place is about where its value lies between the prefix's bounds, and a short walk from there finds it (one
    /// or two cache lines, where a binary search misses the cache at each step).
    private func interpolatedLowerBound(_ entry: UInt64, in part: ArraySlice<UInt64>) -> Int {
        let fraction = (entry << prefixBits) >> 32
        var position = part.startIndex + Int(truncatingIfNeeded: (fraction &* UInt64(part.count)) >> 32)
        while position < part.endIndex, part[position] < entry { position += 1 }
        while position > part.startIndex, part[position - 1] >= entry { position -= 1 }
        return position
    }

    /// The first position in `part` whose entry is not below `entry`.
    private static func lowerBound(_ entry: UInt64, in part: ArraySlice<UInt64>) -> Int {
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
