/// The members of one time slice of the story index (``StoryIndex``): those whose story time falls in one
/// window-wide span, in member order, with their LSH band entries.
///
/// Columns of narrow types, not a struct per member, and no MinHash values (a look-up reads the few it needs from
/// `story_member`): per member a 32-byte record (a 24-byte sketch of its signature (``sketch(of:)``), its 4-byte
/// feed number and its 4-byte offset from the first member), 4 bytes of story time (seconds from the first
/// member's), and per band one 4-byte entry (``Entries``), about 87 bytes in all. What a look-up checks of a member
/// it walks to (feed, sketch, number) so lies in one cache line, and its time in one more.
/// Entries live in a sorted array searched through a directory of fingerprint prefixes, beside a short sorted
/// array of the newest ones that is merged into it once it reaches a 64th of its size: inserts stay cheap and the
/// bulk has no hash table's empty slots.
struct StorySlice {
    /// ``recordWords`` words per member: ``sketchWords`` of sketch, the feed number, the member's offset from the
    /// first (4 bytes: a slice spans far fewer than 2³² seqs; all members are in ``wideMembers`` once one does not
    /// fit).
    private(set) var records: [UInt32] = []
    private var firstMember: Int64 = 0
    private var wideMembers: [Int64]?
    /// Story times as whole seconds from ``firstTime``; ``exactTime`` marks one that is not a whole second or too
    /// far away (a date-less item's story time is when it was polled), kept in ``exactTimes``.
    private(set) var times: [Int32] = []
    private var firstTime: Double = 0
    private var exactTimes: [Int32: Double] = [:]
    /// The merged band entries (``Entries``).
    private(set) var entries = Entries()
    /// The entries added since the last merge, `fingerprint << 24 | index`, ascending: a fingerprint's entries are
    /// adjacent, oldest first.
    private(set) var recent: [UInt64] = []

    /// The members held.
    var count: Int { times.count }

    /// The member at an index.
    func member(at index: Int) -> Int64 {
        wideMembers?[index] ?? firstMember + Int64(records[index * Self.recordWords + Self.offsetWord])
    }

    /// The story time of the member at an index.
    @inline(__always)
    func time(at index: Int) -> Double {
        let offset = times[index]
        guard offset != Self.exactTime else { return exactTimes[Int32(index)] ?? 0 }
        return firstTime + Double(offset)
    }

    /// Bytes held, capacity included (a dictionary entry of ``exactTimes`` counted as 32).
    var bytes: Int {
        records.capacity * 4 + (wideMembers?.capacity ?? 0) * 8 + times.capacity * 4 + exactTimes.capacity * 32
            + entries.bytes + recent.capacity * 8
    }

    /// Members a slice holds at most: its entries keep 24 bits of index (a week of 2,000 items a day from each of
    /// 1,000 feeds is 14 million).
    static let capacity = 1 << 24
    static let sketchWords = 6
    static let feedWord = sketchWords
    static let offsetWord = sketchWords + 1
    static let recordWords = sketchWords + 2
    static let exactTime = Int32.min

    /// Bits of a band key's fingerprint (``fingerprint(_:)``): as many as an ``Entries`` entry of a slice at its
    /// capacity keeps.
    static let fingerprintBits: UInt64 = 28

    /// The fingerprint of a band key (band keys are 63-bit): its top ``fingerprintBits`` bits. Two keys that share
    /// it are told apart by the member's stored signature when it is read (``StoryIndex``).
    static func fingerprint(_ key: Int64) -> UInt64 { UInt64(bitPattern: key) >> (63 - fingerprintBits) }

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
        if times.isEmpty {
            firstMember = member
            firstTime = time.isFinite ? time.rounded(.down) : 0
        }
        var offset: UInt32 = 0
        if wideMembers == nil, let narrow = UInt32(exactly: member - firstMember) {
            offset = narrow
        } else {
            if wideMembers == nil {
                wideMembers = (0..<times.count).map(member(at:))
            }
            wideMembers?.append(member)
        }
        if let seconds = Int32(exactly: time - firstTime), seconds != Self.exactTime {
            times.append(seconds)
        } else {
            exactTimes[Int32(times.count)] = time
            times.append(Self.exactTime)
        }
        Self.makeRoom(in: &records, by: Self.recordWords)
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

    /// Sorts and merges the entries added in bulk, and gives back the columns' spare capacity: a slice read in
    /// one go is complete up to the members committed later.
    mutating func finishBulk() {
        recent.sort()
        merge()
        Self.trim(&records)
        Self.trim(&times)
    }

    /// Gives back a column's spare capacity (`Array(column)` would share its buffer, spare capacity and all).
    private static func trim<Element>(_ column: inout [Element]) {
        guard column.capacity > column.count else { return }
        var exact: [Element] = []
        exact.reserveCapacity(column.count)
        exact += column
        column = exact
    }

    static let indexMask: UInt64 = 0xFF_FFFF

    /// Room for `more` elements: a sixteenth more when full, not double (slack is memory held for nothing).
    private static func makeRoom<Element>(in column: inout [Element], by more: Int = 1) {
        if column.count + more > column.capacity {
            column.reserveCapacity(max(16 * more, column.count + column.count / 16 + more))
        }
    }

    /// Entries ``recent`` takes before it is merged.
    private var recentLimit: Int { max(192, entries.count / 64) }

    /// Merges ``recent`` into ``entries`` (one pass, into an array of the exact size).
    private mutating func merge() {
        entries = Entries(merging: entries, recent, members: count)
        // Room for the entries of the member that takes it past its limit, so it never doubles.
        recent = []
        recent.reserveCapacity(recentLimit + StoryText.bandCount)
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
///
/// With `band` set (the band whose key is looked up), a member that cannot reach `needed` is also dropped when
/// its sketch shows that no band of its can have that key (``StorySlice/mayShareKey(_:_:)``): such a member only
/// shares the key's (shorter) fingerprint, and without this it would take one of the band's places in a look-up.
struct StoryProbe {
    var feed: UInt32?
    var time: Double
    var window: Double
    var sketch: [UInt32]
    var needed: Int
    var band: Int?

    /// The sketch's nibbles of band `band`'s rows, the first lowest (``StorySlice/rowNibbles(_:band:)``).
    func rowNibbles(of band: Int) -> UInt64 {
        sketch.withUnsafeBufferPointer { StorySlice.rowNibbles($0, band: band) }
    }
}
