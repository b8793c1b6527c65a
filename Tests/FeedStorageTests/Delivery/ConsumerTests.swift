import FeedModel
import FeedTesting
import Foundation
import Synchronization
import Testing

@testable import FeedStorage

@Suite("Consumers: start, owed, peeks, removal and locks")
struct ConsumerTests {
    let url = "https://a.example/feed"

    @Test(
        "a started consumer is owed only what comes after it; removing it says what it was still owed",
        arguments: backends)
    func startOwedRemove(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated(url, [item("b"), item("a")]))
            #expect(try await store.startConsumer("hook") == 2)
            #expect(try await store.startConsumer("hook") == 2, "starting again changes nothing")
            #expect(try await store.pendingCount(for: "hook") == 0)
            _ = try await store.commit(updated(url, [item("c"), item("b"), item("a")], at: 60))
            _ = try await store.commit(updated(url, [item("c"), item("b"), edited("a")], at: 120))
            // c is new to it; the edit of a, which it had, is an update and not counted as owed.
            #expect(try await store.pendingCount(for: "hook") == 1)
            #expect(try await store.pendingCount(for: "never-started") == 3)
            #expect(try await store.removeConsumer("hook") == 1)
            #expect(try await store.removeConsumer("hook") == nil)
            #expect(try await store.cursor(of: "hook") == 0)
        }
    }

    @Test("a peek is remembered until the cursor moves", arguments: backends)
    func peeks(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            #expect(try await store.lastPeek(of: "r") == nil)
            try await store.recordPeek(of: "r", seenAt: 3)
            try await store.recordPeek(of: "r", seenAt: 3)
            #expect(try await store.lastPeek(of: "r") == 3)
            try await store.recordPeek(of: "r", seenAt: 5)
            #expect(try await store.lastPeek(of: "r") == 5)
            #expect(try await store.lastPeek(of: "other") == nil)
            #expect(try await store.advanceCursor(of: "r", from: 0, to: 0, seenAt: 5))
            #expect(try await store.lastPeek(of: "r") == nil)
        }
    }

    @Test("one holder of a consumer's lock at a time, from any handle; other consumers are free", arguments: backends)
    func locks(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let other = try another()
            let held = try #require(try await store.lockConsumer("dump", wait: false))
            #expect(try await other.lockConsumer("dump", wait: false) == nil)
            #expect(try await store.lockConsumer("dump", wait: false) == nil, "not twice in one process either")
            let free = try #require(try await other.lockConsumer("hook", wait: false))
            free.release()
            let taken = Mutex(false)
            let waiter = Task {
                let lock = try await other.lockConsumer("dump", wait: true)
                taken.withLock { $0 = true }
                return lock
            }
            #expect(!taken.withLock { $0 })
            held.release()
            try await waitUntil("the waiting reader to take the lock") { taken.withLock { $0 } }
            let second = try #require(try await waiter.value)
            #expect(try await store.lockConsumer("dump", wait: false) == nil)
            second.release()
            try await waitUntil("the lock to be free again") {
                guard let lock = try await store.lockConsumer("dump", wait: false) else { return false }
                lock.release()
                return true
            }
        }
    }
}
