import Foundation

/// The LSH band index of story members (``StoryText/bandKeys``), in memory beside the `story_member` table, which
/// stays the truth: bands stored in SQLite would dirty a page per band of every item at each commit.
///
/// Members are held by time slice (``StorySlice``), each two windows wide, and only the slices that look-ups need:
/// ``cover(_:_:)`` reads a slice from `story_member` (through a ``StoryMemberSource``) the first time a look-up reaches
/// it, and slices no look-up has reached for a while, or the least recently reached ones past a byte budget, are
/// dropped (and read again if needed). Memory so follows the times look-ups ask about, not the store's history
/// nor the order a back catalogue comes in.
///
/// ``sync(_:)`` runs in each write transaction before any look-up and adds every row after ``lastMember`` whose
/// slice is held (first seqs only grow), so other processes' rows are seen and this one's, added only by the next
/// sync, vanish with a rollback.
struct StoryIndex {
    /// Members of one band a look-up takes (``StoryMatch/membersPerBand``).
    static let membersPerBand = StoryMatch.membersPerBand
    /// Bytes of slices held before the least recently reached are dropped (besides those the current look-ups
    /// need): about 380,000 members. A cold fetch looks up back catalogues in random time order, and a slice
    /// dropped there is soon read again (a 16 MiB budget made a cold fetch of 5,000 feeds, 300,000 members, spend
    /// most of its time reading slices back), so the budget holds a large cold fetch whole; the idle rule then
    /// brings a long-running process back down.
    static let defaultBudget = 32 << 20
    /// Slices no look-up has reached in this many commits are dropped: more than a cold round over 5,000 feeds,
    /// whose back catalogues reach into old slices now and then (fewer made the round drop and read them again
    /// and again). A daemon with nothing in flight sheds at once (``shedIdle(around:)``).
    static let defaultIdleCommits = 16_384

    let window: TimeInterval
    let budget: Int
    let idleCommits: Int
    /// Every member up to this one whose slice is held is held.
    private(set) var lastMember: Int64 = 0
    private var started = false
    /// Held slices by number (``slice(of:)``), with the commit that last reached each.
    var slices: [Int64: StorySlice] = [:]
    var reached: [Int64: Int] = [:]
    var commits = 0
    /// Feed ids as small numbers, for the slices' 4-byte feed column.
    var feedNumbers: [Int64: UInt32] = [:]
    /// Bytes dropped since memory was last handed back to the system.
    var dropped = 0
    /// What ``warm(_:at:)`` read, kept so that its reads are not optimised away.
    var touched: UInt64 = 0

    init(window: TimeInterval, budget: Int = defaultBudget, idleCommits: Int = defaultIdleCommits) {
        self.window = window
        self.budget = budget
        self.idleCommits = idleCommits
    }

    /// Counts a commit and drops the slices no look-up has reached for ``idleCommits`` commits (see
    /// ``shed(keeping:)``). Call once per commit of a refresh, whether it has new items or not: a process whose
    /// polls bring nothing new still comes back down.
    mutating func noteCommit() {
        commits += 1
        shed(keeping: [])
    }

    /// Members held.
    var count: Int { slices.values.reduce(0) { $0 + $1.count } }

    /// Bytes held by the slices, capacity included.
    var bytes: Int { slices.values.reduce(0) { $0 + $1.bytes } }

    /// Bytes held by these slices (those held of them).
    func bytes(ofSlices numbers: some Sequence<Int64>) -> Int { numbers.reduce(0) { $0 + (slices[$1]?.bytes ?? 0) } }

    /// Numbers of the slices held, ascending.
    var heldSlices: [Int64] { slices.keys.sorted() }

    /// The slice a story time belongs to. Slices are two windows wide: a look-up's window then lies in two at
    /// most.
    func slice(of time: Double) -> Int64 {
        let number = (time / (2 * window)).rounded(.down)
        return Int64(max(-1e15, min(1e15, number.isNaN ? 0 : number)))
    }

    /// Adds the members committed since the last sync (by any process). Call inside the write transaction.
    mutating func sync(_ source: some StoryMemberSource) throws {
        guard started else {
            lastMember = try source.lastStoryMember()
            started = true
            return
        }
        try source.forEachStoryMember(after: lastMember) { row in
            lastMember = row.member
            let number = slice(of: row.time)
            guard slices[number] != nil else { return }
            add(row, to: number)
        }
    }

    /// Makes sure every member within the window of each of `times` is held, reading the slices not held yet, and
    /// drops the slices no longer needed (see ``defaultIdleCommits`` and ``defaultBudget``). Call after
    /// ``sync(_:)``, before the look-ups at these times.
    mutating func cover(_ times: [Double], _ source: some StoryMemberSource) throws {
        var needed = Set<Int64>()
        for time in times {
            let first = slice(of: time - window)
            let last = slice(of: time + window)
            for number in first...max(first, last) { needed.insert(number) }
        }
        let missing = needed.filter { slices[$0] == nil }.sorted()
        var start = 0
        while start < missing.count {
            // Adjacent slices in one range read.
            var end = start
            while end + 1 < missing.count, missing[end + 1] == missing[end] + 1 { end += 1 }
            try load(missing[start]...missing[end], source)
            start = end + 1
        }
        for number in needed { reached[number] = commits }
        shed(keeping: needed)
    }

    /// Reads the members of these slices, which are not held yet.
    private mutating func load(_ numbers: ClosedRange<Int64>, _ source: some StoryMemberSource) throws {
        guard started else { return }
        for number in numbers { slices[number] = StorySlice() }
        // A second of margin either way: which slice a time belongs to is decided by ``slice(of:)``, not by the
        // source's comparison with a boundary computed here.
        try source.forEachStoryMember(
            timesFrom: Double(numbers.lowerBound) * 2 * window - 1,
            to: Double(numbers.upperBound + 1) * 2 * window + 1, upTo: lastMember
        ) { row in
            let number = slice(of: row.time)
            guard numbers.contains(number) else { return }
            add(row, to: number, inBulk: true)
        }
        for number in numbers { slices[number]?.finishBulk() }
    }

    private mutating func add(_ row: StoryMemberRow, to number: Int64, inBulk: Bool = false) {
        let hashes = StoryText.hashes(ofBlob: row.signature)
        guard hashes.count == StoryText.hashCount else { return }
        let feedNumber = feedNumbers[row.feedID] ?? UInt32(feedNumbers.count)
        feedNumbers[row.feedID] = feedNumber
        slices[number]?.add(member: row.member, feed: feedNumber, time: row.time, hashes: hashes, inBulk: inBulk)
    }
}
