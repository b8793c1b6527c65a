import FeedTesting
import Foundation
import GRDB
import Testing

@testable import FeedStorage

/// StoryIndex against ReferenceStoryIndex over one real store: random members (several feeds, story times spread
/// over three years, near-duplicate clusters, a boilerplate band shared by a third of them) committed in random
/// batches, each batch looked up first as a commit does, and look-ups at random times between batches; with a
/// budget and idle limit small enough that slices are dropped and read again. Both must give the same members
/// with the same similarity for every look-up (those at or above StoryMatch.minSimilarity: the others are never
/// used, and StoryIndex rules them out without reading their signature).
@Suite("Story index against its reference") struct StoryIndexDifferentialTests {
    static let window: TimeInterval = 7 * 86_400

    @Test(
        "same candidates as the reference",
        arguments: [
            (seed: UInt64(1), budget: StoryIndex.defaultBudget, idleCommits: StoryIndex.defaultIdleCommits),
            (seed: UInt64(2), budget: 48 << 10, idleCommits: StoryIndex.defaultIdleCommits),
            (seed: UInt64(3), budget: StoryIndex.defaultBudget, idleCommits: 3),
            (seed: UInt64(4), budget: 16 << 10, idleCommits: 2),
        ])
    func sameCandidates(seed: UInt64, budget: Int, idleCommits: Int) throws {
        let folder = try TemporaryFolder("story-index")
        defer { folder.remove() }
        let store = try SQLiteFeedStore(path: folder.file("feedd.sqlite").path)
        var random = SplitMixRandom(seed: seed)
        let corpus = StoryCorpus(random: &random)
        var reference = ReferenceStoryIndex(window: Self.window)
        var index = StoryIndex(window: Self.window, budget: budget, idleCommits: idleCommits)
        var nextMember: Int64 = 1
        var lookUps = 0
        var matches = 0
        var dropped = false
        for _ in 0..<160 {
            let feed = Int64.random(in: 1...8, using: &random)
            let batch = (0..<Int.random(in: 1...40, using: &random)).map { _ in corpus.member(using: &random) }
            // Now and then look-ups only, anywhere in the three years: reads back slices dropped since.
            let alone = Int.random(in: 0..<6, using: &random) == 0
            let held = Set(index.heldSlices)
            index.noteCommit()
            try store.pool.write { db in
                try reference.sync(db)
                try index.sync(db)
                let times = batch.map(\.time)
                try reference.load(from: times.min()! - Self.window, db)
                try index.cover(times, db)
                if !held.isSubset(of: Set(index.heldSlices)) { dropped = true }
                for member in batch {
                    // Only those a match can come of: StoryIndex rules the others out without their signature.
                    let expected = reference.candidates(for: member.text, feedID: feed, time: member.time)
                        .filter { $0.similarity >= StoryMatch.minSimilarity }
                    let actual = try index.candidates(for: member.text, feedID: feed, time: member.time, in: db)
                    #expect(actual.map(\.member) == expected.map(\.member))
                    #expect(actual.map(\.similarity) == expected.map(\.similarity))
                    lookUps += 1
                    matches += expected.count
                    guard !alone else { continue }
                    try db.execute(
                        sql: """
                            INSERT INTO story_member (member, feed_id, story_id, story_time, title_words, entities, signature)
                            VALUES (?, ?, ?, ?, '', '', ?)
                            """,
                        arguments: [nextMember, feed, nextMember, member.time, member.text.signatureBlob])
                    nextMember += Int64.random(in: 1...3, using: &random)
                }
            }
        }
        #expect(lookUps > 2000)
        // The look-ups found something to compare.
        #expect(matches > lookUps / 4)
        if budget < StoryIndex.defaultBudget || idleCommits < StoryIndex.defaultIdleCommits { #expect(dropped) }
    }
}

/// Random story members: clusters of near-duplicates (a base signature with some values changed) around a story
/// time, unrelated members, and a boilerplate first band.
struct StoryCorpus {
    struct Member {
        var text: StoryText
        var time: Double
    }

    static let start: Double = 1_640_000_000
    static let span: Double = 3 * 365 * 86_400
    var clusters: [(hashes: [UInt32], time: Double)] = []
    let boilerplate: [UInt32]

    init(random: inout SplitMixRandom) {
        for _ in 0..<120 {
            let hashes = (0..<StoryText.hashCount).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
            clusters.append((hashes, Self.start + Double.random(in: 0..<Self.span, using: &random)))
        }
        boilerplate = (0..<StoryText.rowsPerBand).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
    }

    func member(using random: inout SplitMixRandom) -> Member {
        var hashes: [UInt32]
        var time: Double
        if Int.random(in: 0..<4, using: &random) == 0 {
            hashes = (0..<StoryText.hashCount).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
            time = Self.start + Double.random(in: 0..<Self.span, using: &random)
        } else {
            let cluster = clusters[Int.random(in: 0..<clusters.count, using: &random)]
            hashes = cluster.hashes
            for _ in 0..<Int.random(in: 0...30, using: &random) {
                hashes[Int.random(in: 0..<hashes.count, using: &random)] = UInt32.random(in: 0...3, using: &random)
            }
            // Most within days of the story, some copies weeks off (outside the window).
            time =
                cluster.time + Double.random(in: -1...1, using: &random) * 86_400
                * Double(Int.random(in: 1...30, using: &random))
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            hashes.replaceSubrange(0..<StoryText.rowsPerBand, with: boilerplate)
        }
        let blob = hashes.map(\.littleEndian).withUnsafeBytes { Data($0) }
        return Member(text: StoryText(blob: blob, titleWords: "", entities: ""), time: time.rounded())
    }
}

/// A seeded generator (splitmix64), so that a failing sequence can be run again.
struct SplitMixRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 1
        return StoryText.splitMix(state)
    }
}
