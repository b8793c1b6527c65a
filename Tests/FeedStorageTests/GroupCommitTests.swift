import FeedModel
import FeedTesting
import Foundation
import Testing

@testable import FeedStorage

@Suite("Refreshes that wait for the writer share a transaction")
struct GroupCommitTests {
    @Test("refreshes queued behind a held write lock share a transaction; a failing one fails alone")
    func groupWithFailure() async throws {
        try await withTemporaryStore { store, path in
            try await store.execute(
                sql: """
                    CREATE TRIGGER refuse BEFORE UPDATE OF body_hash ON feed WHEN NEW.body_hash = 'poison'
                    BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END
                    """)
            let poisoned: Set<Int> = [7, 23]
            let urls = (0..<40).map { "https://feed\($0).example/" }
            // Another handle (as another process would) holds the write lock until every refresh waits.
            let other = try SQLiteFeedStore(path: path)
            let lock = HeldLock()
            let holder = Task { try await other.holdWriteLock(locked: { lock.take() }, until: { lock.isReleased }) }
            defer { lock.release() }
            try await waitUntil("the other handle has the write lock") { lock.isHeld }
            let before = store.commits.counts.transactions
            let results = try await withThrowingTaskGroup(of: (Int, Result<RefreshSummary, any Error>).self) { group in
                for (index, url) in urls.enumerated() {
                    group.addTask {
                        let refresh = updated(
                            url, [item("\(index)-a"), item("\(index)-b")],
                            bodyHash: poisoned.contains(index) ? "poison" : "hash-\(index)")
                        do { return (index, .success(try await store.commit(refresh))) } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                // The first group's transaction waits for the lock; all the others queue behind it.
                try await waitUntil("40 refreshes wait for the writer") { store.commits.counts.unanswered == 40 }
                lock.release()
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            try await holder.value
            #expect(store.commits.counts.transactions - before <= 2)
            for (index, url) in urls.enumerated() {
                switch results[index] {
                case .success(let summary):
                    #expect(!poisoned.contains(index), "\(url) committed")
                    #expect(summary.newItems == 2)
                case .failure(let error):
                    #expect(poisoned.contains(index), "\(url): \(error)")
                    #expect("\(error)".contains("refused by trigger") && "\(error)".contains(url))
                case nil: Issue.record("no result for \(url)")
                }
            }
            let keys = Set(try await store.items(after: 0, limit: nil).map(\.key))
            #expect(keys.count == 2 * (urls.count - poisoned.count))
            for index in poisoned {
                #expect(!keys.contains("urn:item:\(index)-a"))
                #expect(try await store.feed(url: urls[index]) == nil)
            }
            #expect(try await store.verify().isEmpty)
        }
    }
}
