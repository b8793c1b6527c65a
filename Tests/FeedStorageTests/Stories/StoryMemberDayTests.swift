import FeedTesting
import Foundation
import GRDB
import Testing

@testable import FeedStorage

/// story_member is read by time through its day index (CAST(story_time / 86400 AS INTEGER)): the members a range of
/// times selects are those a plain comparison of their times selects, at day boundaries, before 1970 and with
/// fractions of a second.
private let secondsPerDay = 86_400.0

@Suite("Story members by day") struct StoryMemberDayTests {
    static let times: [Double] = [
        -3 * secondsPerDay - 0.5, -secondsPerDay, -0.25, 0, 0.25, secondsPerDay - 0.001, secondsPerDay,
        secondsPerDay + 1, 2 * secondsPerDay + 43_200.5, 10 * secondsPerDay, 1.7e9,
        1.7e9 + secondsPerDay,
    ]
    static let rangeCases: [(Double, Double)] = [
        (-4 * secondsPerDay, 0), (-secondsPerDay, secondsPerDay), (0, secondsPerDay),
        (secondsPerDay - 0.001, secondsPerDay + 1), (0.25, 0.25), (-1e18, 1e18),
        (1.7e9 - 1, 1.7e9 + secondsPerDay + 1), (2 * secondsPerDay, 2 * secondsPerDay + 43_200.5),
    ]
    static let extremes: [Double] = times + [-1e300, 1e300, .infinity]

    @Test("a range of times reads exactly the members within it", arguments: rangeCases)
    func ranges(_ lower: Double, _ upper: Double) async throws {
        let directory = try TemporaryFolder("story-day")
        defer { directory.remove() }
        let path = directory.file("feedd.sqlite").path
        _ = try SQLiteFeedStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            for (index, time) in Self.times.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO story_member (member, feed_id, story_id, story_time, title_words, entities, signature)
                        VALUES (?, 1, ?, ?, '', '', x'')
                        """, arguments: [index + 1, index + 1, time])
            }
        }
        let last = Int64(Self.times.count - 1)
        let read = try await queue.read { db in
            var members: [Int64] = []
            try db.forEachStoryMember(timesFrom: lower, to: upper, upTo: last) { members.append($0.member) }
            return members
        }
        let expected = Self.times.indices.filter { Self.times[$0] >= lower && Self.times[$0] < upper }
            .map { Int64($0 + 1) }.filter { $0 <= last }
        #expect(read == expected)
    }

    @Test("the day of a time is what SQLite's CAST computes", arguments: extremes)
    func dayOfTime(_ time: Double) async throws {
        let queue = try DatabaseQueue()
        let sqlite = try await queue.read {
            try Int64.fetchOne($0, sql: "SELECT CAST(? / 86400 AS INTEGER)", arguments: [time])
        }
        #expect(StoryMemberDay.of(time) == sqlite)
    }
}
