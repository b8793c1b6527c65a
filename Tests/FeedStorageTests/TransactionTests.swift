import FeedModel
import FeedTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import FeedStorage

@Suite("Commits are all or nothing")
struct TransactionTests {
    let url = "https://a.example/feed"

    @Test("a refresh that fails after its items were inserted leaves nothing of it behind")
    func failureMidway() async throws {
        try await withTemporaryStore { store, _ async throws in
            _ = try await store.commit(updated(url, [item("a")], validators: HTTPValidators(etag: "\"v1\"")))
            let before = try #require(try await store.feed(url: url))
            // The database itself refuses the feed-row update that comes after the item inserts, as a full disk
            // or a violated constraint would.
            try await store.execute(
                sql: """
                    CREATE TRIGGER refuse BEFORE UPDATE OF body_hash ON feed WHEN NEW.body_hash = 'poison'
                    BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END
                    """)
            let poisoned = updated(
                url, [item("c"), item("b"), item("a")], at: 50, validators: HTTPValidators(etag: "\"v2\""),
                bodyHash: "poison")
            let error = await #expect(throws: FeedStorageError.self) { try await store.commit(poisoned) }
            #expect(error?.description.contains("refused by trigger") == true)
            #expect(error?.description.contains(url) == true)
            #expect(try await store.items(after: 0, limit: nil).map(\.key) == ["urn:item:a"])
            #expect(try await store.feed(url: url) == before)

            // A feed created by the failed refresh itself is not left behind either.
            let fresh = updated("https://new.example/", [item("n")], bodyHash: "poison")
            await #expect(throws: FeedStorageError.self) { try await store.commit(fresh) }
            #expect(try await store.feed(url: "https://new.example/") == nil)

            // The seq of the rolled-back items was not consumed in a way that breaks order: the next item follows.
            _ = try await store.commit(updated(url, [item("b"), item("a")], at: 60))
            let keys = try await store.items(after: 0, limit: nil).map(\.key)
            #expect(keys == ["urn:item:a", "urn:item:b"])
        }
    }

    @Test("a writer kept out by another process's lock fails with a sentence, and writes nothing")
    func busyDatabase() async throws {
        try await withTemporaryStore { store, path async throws in
            let waits = CapturedLog()
            let impatient = try SQLiteFeedStore(
                path: path, busyTimeout: 0.05, logger: Logger(label: "test") { _ in CapturingLogHandler(log: waits) })
            let lock = HeldLock()
            let holder = Task { try await store.holdWriteLock(locked: { lock.take() }, until: { lock.isReleased }) }
            defer { lock.release() }
            try await waitUntil("the holder has the write lock") { lock.isHeld }

            let error = await #expect(throws: FeedStorageError.self) {
                try await impatient.commit(updated(url, [item("a")]))
            }
            #expect(error?.description.contains("locked") == true)
            #expect(waits.messages.contains { $0.text.contains("waiting for another connection's lock") })
            lock.release()
            try await holder.value
            #expect(try await store.feed(url: url) == nil)
            #expect(try await store.items(after: 0, limit: nil).isEmpty)
        }
    }

    @Test("with the default busy timeout a second process waits for the lock instead of failing")
    func patientWriter() async throws {
        try await withTemporaryStore { store, path async throws in
            let waits = CapturedLog()
            let patient = try SQLiteFeedStore(
                path: path, storyWindow: SQLiteFeedStore.defaultStoryWindow,
                logger: Logger(label: "test") { _ in CapturingLogHandler(log: waits) })
            let lock = HeldLock()
            let holder = Task { try await store.holdWriteLock(locked: { lock.take() }, until: { lock.isReleased }) }
            defer { lock.release() }
            try await waitUntil("the holder has the write lock") { lock.isHeld }

            let commit = Task { try await patient.commit(updated(url, [item("a")])) }
            // The patient writer says it is waiting: it met the lock and did not fail. Only then is it let in.
            try await waitUntil("the patient writer waiting for the lock") {
                waits.messages.contains { $0.text.contains("waiting for another connection's lock") }
            }
            lock.release()
            #expect(try await commit.value.newItems == 1)
            try await holder.value
            #expect(try await store.items(after: 0, limit: nil).count == 1)
        }
    }

    @Test("an item whose stored JSON is damaged is reported by seq, not skipped")
    func damagedItem() async throws {
        try await withTemporaryStore { store, _ async throws in
            _ = try await store.commit(updated(url, [item("a")]))
            let seq = try #require(try await store.items(after: 0, limit: nil).first?.seq)
            try await store.execute(sql: "UPDATE item SET json = '{not json'")
            let error = await #expect(throws: FeedStorageError.self) { try await store.items(after: 0, limit: nil) }
            #expect(error?.description.contains("Stored item \(seq)") == true)
        }
    }
}
