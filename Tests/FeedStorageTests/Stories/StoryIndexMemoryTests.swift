import FeedTesting
import Foundation
import GRDB
import Testing

@testable import FeedStorage

/// What the story index holds: about 87 bytes a member, and only the slices look-ups still reach.
@Suite("Story index memory") struct StoryIndexMemoryTests {
    static let window: TimeInterval = 7 * 86_400

    @Test("300,000 members take at most 88 bytes each, capacity included")
    func bytesPerMember() {
        var random = SplitMixRandom(seed: 7)
        var slices = [StorySlice](repeating: StorySlice(), count: 43)
        let count = 300_000
        for member in 0..<count {
            let hashes = (0..<StoryText.hashCount).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
            slices[member % slices.count].add(
                member: Int64(member), feed: UInt32(member % 5000), time: Double(member), hashes: hashes[...])
        }
        let bytes = slices.reduce(0) { $0 + $1.bytes }
        #expect(slices.reduce(0) { $0 + $1.count } == count)
        #expect(bytes <= 88 * count, "\(Double(bytes) / Double(count)) bytes a member")
        print("bytes a member: \(Double(bytes) / Double(count))")
        // Every entry is found again, and only under its own fingerprint.
        let hashes = Self.hashes(seed: 7, of: 3)
        let probe = StoryProbe(
            feed: nil, time: 0, window: .infinity, sketch: StorySlice.sketch(of: hashes), needed: StoryText.hashCount)
        var found: [(member: Int64, promising: Bool)] = []
        slices[3].newest(StorySlice.fingerprint(StoryText.bandKeys(of: hashes)[5]), probe, limit: 16, into: &found)
        #expect(found.map(\.member) == [3])
        #expect(found.map(\.promising) == [true])
    }

    @Test("members further apart than 2³² seqs keep their numbers")
    func wideMembers() {
        var slice = StorySlice()
        let members: [Int64] = [5, 6, 5 + (1 << 33), 5 + (1 << 33) + 1]
        for (position, member) in members.enumerated() {
            slice.add(member: member, feed: 0, time: Double(position), hashes: Self.hashes(seed: 1, of: position))
        }
        #expect((0..<members.count).map { slice.member(at: $0) } == members)
    }

    /// The hash values the generator above gave member `member`.
    static func hashes(seed: UInt64, of member: Int) -> ArraySlice<UInt32> {
        var random = SplitMixRandom(seed: seed)
        var hashes: [UInt32] = []
        for _ in 0...member {
            hashes = (0..<StoryText.hashCount).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
        }
        return hashes[...]
    }

    @Test("after look-ups across three years, commits bring it back to the slices look-ups still reach")
    func followsTheLookUps() throws {
        try withMembers(count: 3000) { store, corpus in
            var index = StoryIndex(window: Self.window, idleCommits: 4)
            let now = StoryCorpus.start + StoryCorpus.span
            try store.pool.write { db in
                try index.sync(db)
                try index.cover(corpus.map(\.time), db)
            }
            let everything = index.count
            #expect(everything == 3000)
            for _ in 0..<5 {
                index.noteCommit()
                try store.pool.write { db in
                    try index.sync(db)
                    try index.cover([now], db)
                }
            }
            #expect(index.heldSlices == Array(index.slice(of: now - Self.window)...index.slice(of: now + Self.window)))
            #expect(index.count < everything / 20)
            // Commits that bring no new items (every feed answers 304) let the rest go too.
            for _ in 0..<4 { index.noteCommit() }
            #expect(index.count == 0)
            #expect(index.heldSlices.isEmpty)
        }
    }

    @Test("a process with nothing in flight keeps only the slices around now, at once")
    func shedsWhenIdle() throws {
        try withMembers(count: 3000) { store, corpus in
            var index = StoryIndex(window: Self.window)
            let now = StoryCorpus.start + StoryCorpus.span
            try store.pool.write { db in
                try index.sync(db)
                try index.cover(corpus.map(\.time), db)
            }
            #expect(index.count == 3000)
            let around = Array(index.slice(of: now - Self.window)...index.slice(of: now + Self.window))
            index.shedIdle(around: now)
            #expect(index.heldSlices.allSatisfy(around.contains))
            #expect(index.count < 3000 / 20)
            // What it dropped is read again when a look-up reaches back into it.
            try store.pool.write { db in try index.cover([corpus[0].time], db) }
            #expect(index.heldSlices.contains(index.slice(of: corpus[0].time)))
        }
    }

    @Test("look-ups in random time order hold no more than the budget besides their own slices")
    func holdsTheBudget() throws {
        try withMembers(count: 3000) { store, corpus in
            let budget = 64 << 10
            var index = StoryIndex(window: Self.window, budget: budget)
            var random = SplitMixRandom(seed: 11)
            var most = 0
            for _ in 0..<200 {
                let times = (0..<5).map { _ in corpus[Int.random(in: 0..<corpus.count, using: &random)].time }
                index.noteCommit()
                try store.pool.write { db in
                    try index.sync(db)
                    try index.cover(times, db)
                }
                let own = Set(times.flatMap { index.slice(of: $0 - Self.window)...index.slice(of: $0 + Self.window) })
                most = max(most, index.bytes)
                #expect(index.bytes - index.bytes(ofSlices: own) <= budget)
            }
            #expect(most > budget / 2)
        }
    }

    /// A store whose story_member table holds `count` random members over three years.
    func withMembers(
        count: Int, _ body: (SQLiteFeedStore, [StoryCorpus.Member]) throws -> Void
    ) throws {
        let folder = try TemporaryFolder("story-index-memory")
        defer { folder.remove() }
        let store = try SQLiteFeedStore(path: folder.file("feedd.sqlite").path)
        var random = SplitMixRandom(seed: 5)
        let corpus = StoryCorpus(random: &random)
        let members = (0..<count).map { _ in corpus.member(using: &random) }
        try store.pool.write { db in
            for (number, member) in members.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO story_member (member, feed_id, story_id, story_time, title_words, entities, signature)
                        VALUES (?, ?, ?, ?, '', '', ?)
                        """,
                    arguments: [number + 1, number % 8, number + 1, member.time, member.text.signatureBlob])
            }
        }
        try body(store, members)
    }
}
