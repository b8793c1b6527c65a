import FeedModel
import FeedTesting
import Foundation
import Testing

@testable import FeedStorage

/// Host slots (per_host and min_host_gap across workers): several handles on one PostgreSQL store stand for several
/// `feedd run`; a SQLite store keeps its slots in the process, so its "other worker" is the same handle.
@Suite("Host slots")
struct HostSlotTests {
    let host = "feeds.example:443"

    /// A handle standing for another worker on the same store.
    static func worker(_ backend: StoreBackend, _ store: any FeedStore, _ another: () throws -> any FeedStore)
        throws -> any FeedStore
    {
        backend == .postgres ? try another() : store
    }

    static func granted(_ grant: HostSlotGrant) -> HostSlot? {
        if case .granted(let slot) = grant { return slot }
        return nil
    }

    @Test("at most cap slots of a host are held at once; a slot given back is granted again", arguments: backends)
    func cap(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let workers = [store] + (try (0..<2).map { _ in try Self.worker(backend, store, another) })
            var held: [HostSlot] = []
            for (index, worker) in workers.enumerated() {
                let grant = try await worker.takeHostSlot(
                    host, cap: 2, gap: .zero, for: "w\(index)", lease: .seconds(30))
                if let slot = Self.granted(grant) { held.append(slot) }
            }
            #expect(held.map(\.index).sorted() == [0, 1])
            #expect(held.map(\.holder) == ["w0", "w1"])
            // Another host has slots of its own.
            let elsewhere = try await workers[2].takeHostSlot(
                "other.example:80", cap: 2, gap: .zero, for: "w2", lease: .seconds(30))
            #expect(Self.granted(elsewhere) != nil)
            try await workers[0].releaseHostSlots([held[0]])
            let grant = try await workers[2].takeHostSlot(host, cap: 2, gap: .zero, for: "w2", lease: .seconds(30))
            #expect(Self.granted(grant) == HostSlot(host: host, index: held[0].index, holder: "w2"))
            let full = try await workers[0].takeHostSlot(host, cap: 2, gap: .zero, for: "w0", lease: .seconds(30))
            #expect(Self.granted(full) == nil)
        }
    }

    @Test("workers asking at the same moment: no more than cap granted", arguments: backends)
    func atOnce(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let workers = [store] + (try (0..<3).map { _ in try Self.worker(backend, store, another) })
            let grants = try await withThrowingTaskGroup(of: [HostSlot].self) { group in
                for (index, worker) in workers.enumerated() {
                    group.addTask {
                        var slots: [HostSlot] = []
                        for _ in 0..<4 {
                            let grant = try await worker.takeHostSlot(
                                host, cap: 2, gap: .zero, for: "w\(index)", lease: .seconds(30))
                            if let slot = Self.granted(grant) { slots.append(slot) }
                        }
                        return slots
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(grants.map(\.index).sorted() == [0, 1])
        }
    }

    @Test("a host's requests start at least the gap apart, whichever slot and worker", arguments: backends)
    func gap(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let other = try Self.worker(backend, store, another)
            let gap = Duration.milliseconds(600)
            let start = ContinuousClock.now
            let first = try await store.takeHostSlot(host, cap: 4, gap: gap, for: "a", lease: .seconds(30))
            #expect(Self.granted(first) != nil)
            let refused = try await other.takeHostSlot(host, cap: 4, gap: gap, for: "b", lease: .seconds(30))
            guard case .wait(let wait) = refused else {
                Issue.record("granted inside the gap: \(refused)")
                return
            }
            #expect(wait > .zero && wait <= gap)
            try await waitUntil("the gap has passed and the other worker is granted a slot") {
                Self.granted(try await other.takeHostSlot(host, cap: 4, gap: gap, for: "b", lease: .seconds(30)))
                    != nil
            }
            #expect(ContinuousClock.now - start >= gap)
        }
    }

    @Test(
        "a worker that dies holds its slot until its lease runs out; renewed, a slot stays held",
        arguments: backends)
    func expiry(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let other = try Self.worker(backend, store, another)
            let term = Duration.milliseconds(900)
            let kept = try #require(
                Self.granted(try await store.takeHostSlot(host, cap: 1, gap: .zero, for: "a", lease: term)))
            let start = ContinuousClock.now
            var renewed = start
            // Renewed every third of its term, for two terms: the other worker is never granted it.
            while ContinuousClock.now - start < term * 2 {
                renewed = ContinuousClock.now
                #expect(try await store.renewHostSlots([kept], lease: term) == [kept])
                let grant = try await other.takeHostSlot(host, cap: 1, gap: .zero, for: "b", lease: .seconds(30))
                #expect(Self.granted(grant) == nil)
                try await Task.sleep(for: term / 3)
            }
            // Then the worker dies: nobody renews or gives back its slot.
            let died = ContinuousClock.now
            var taken: HostSlot?
            try await waitUntil("the dead worker's slot runs out and the other worker is granted it") {
                taken = Self.granted(try await other.takeHostSlot(host, cap: 1, gap: .zero, for: "b", lease: term))
                return taken != nil
            }
            // Not before the term its last renewal gave it (less a tenth for the two clocks).
            #expect(ContinuousClock.now - renewed >= term * 0.9, "died \(ContinuousClock.now - died) ago")
            // The old holder neither renews nor frees the slot it lost.
            #expect(try await store.renewHostSlots([kept], lease: term).isEmpty)
            try await store.releaseHostSlots([kept])
            #expect(try await other.renewHostSlots([try #require(taken)], lease: term) == [taken])
        }
    }
}
