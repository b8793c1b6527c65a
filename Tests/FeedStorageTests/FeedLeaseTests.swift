import FeedModel
import FeedTesting
import Foundation
import Testing

@testable import FeedStorage

/// Claims and leases: several handles on one PostgreSQL store stand for several `feedd run`; a SQLite store, which
/// one run polls at a time, grants every claim.
@Suite("Feed leases")
struct FeedLeaseTests {
    static let postgres = backends.filter { $0 == .postgres }
    let urls = (0..<40).map { "https://f\($0).example/feed" }

    @Test("a SQLite store grants every claim and keeps every lease")
    func sqliteGrants() async throws {
        try await withStore(.sqlite) { store async throws in
            try await store.register(urls.map { FeedSubscription(url: $0) })
            let granted = try await store.claim(urls, for: "a", lease: .seconds(30), now: at(0))
            #expect(granted.map(\.feedURL) == urls)
            #expect(try await store.renew(granted, lease: .seconds(30)) == granted)
        }
    }

    @Test(
        "handles claiming the same feeds at once: each feed granted once, then to nobody while leased",
        arguments: postgres)
    func claimsAtOnce(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            try await store.register(urls.map { FeedSubscription(url: $0) })
            let handles = [store] + (try (0..<3).map { _ in try another() })
            let grants = try await withThrowingTaskGroup(of: [FeedLease].self) { group in
                for (index, handle) in handles.enumerated() {
                    // Each asks for every feed, in its own order, so that their row locks cross.
                    let order = index % 2 == 0 ? urls : urls.reversed()
                    group.addTask { try await handle.claim(order, for: "w\(index)", lease: .seconds(30), now: at(0)) }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(grants.count == urls.count)
            #expect(Set(grants.map(\.feedURL)) == Set(urls))
            for handle in handles {
                #expect(try await handle.claim(urls, for: "late", lease: .seconds(30), now: at(0)).isEmpty)
            }
        }
    }

    @Test("a feed not due or gone is not granted; a commit or a release gives its lease back", arguments: postgres)
    func dueAndRelease(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let url = urls[0]
            try await store.register([FeedSubscription(url: url)])
            let lease = try #require(try await store.claim([url], for: "a", lease: .seconds(30), now: at(0)).first)
            var refresh = updated(url, [item("x")])
            refresh.lease = lease
            _ = try await store.commit(refresh)
            // Due again at 3600 s: not before, at once then although the lease had 30 s left.
            #expect(try await store.claim([url], for: "b", lease: .seconds(30), now: at(3_599)).isEmpty)
            let next = try #require(try await store.claim([url], for: "b", lease: .seconds(30), now: at(3_600)).first)
            #expect(next.fence == lease.fence + 1)
            #expect(try await store.renew([lease], lease: .seconds(30)).isEmpty)
            // A lease given back (its poll cancelled) may be claimed again at once; one taken over is not given
            // back by its old holder.
            try await store.release([lease])
            #expect(try await store.renew([next], lease: .seconds(30)) == [next])
            try await store.release([next])
            #expect(try await store.renew([next], lease: .seconds(30)).isEmpty)
            let again = try #require(try await store.claim([url], for: "c", lease: .seconds(30), now: at(3_600)).first)
            try await store.release([next])
            #expect(try await store.renew([again], lease: .seconds(30)) == [again])
            try await execute(store, "UPDATE feed SET gone = TRUE, lease_owner = NULL, lease_until = NULL")
            #expect(try await store.claim([url], for: "c", lease: .seconds(30), now: at(9_999)).isEmpty)
        }
    }

    @Test(
        "an expired lease is taken over, and its old holder's commit is refused and stores nothing",
        arguments: postgres)
    func takeOver(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let other = try another()
            let url = urls[0]
            try await store.register([FeedSubscription(url: url)])
            let old = try #require(try await store.claim([url], for: "a", lease: .milliseconds(300), now: at(0)).first)
            var taken: FeedLease?
            try await waitUntil("the lease expires and another holder is granted the feed") {
                taken = try await other.claim([url], for: "b", lease: .seconds(30), now: at(0)).first
                return taken != nil
            }
            let new = try #require(taken)
            #expect(new.fence > old.fence)
            #expect(try await store.renew([old], lease: .seconds(30)).isEmpty)
            var stale = updated(url, [item("old")])
            stale.lease = old
            let error = await #expect(throws: FeedStorageError.self) { try await store.commit(stale) }
            #expect(error?.isLeaseLost == true)
            #expect(error?.description.contains("another worker (b)") == true)
            #expect(try await count(store, "SELECT COUNT(*) FROM item") == 0)
            #expect(try await store.feed(url: url)?.bodyHash == nil)
            var fresh = updated(url, [item("new")])
            fresh.lease = new
            #expect(try await other.commit(fresh).newItems == 1)
        }
    }

    @Test("renewing a lease keeps it from the others past its first term; unrenewed it goes", arguments: postgres)
    func renewal(_ backend: StoreBackend) async throws {
        try await withStoreHandles(backend) { store, another async throws in
            let other = try another()
            let url = urls[0]
            try await store.register([FeedSubscription(url: url)])
            let term = Duration.milliseconds(1_200)
            let lease = try #require(try await store.claim([url], for: "a", lease: term, now: at(0)).first)
            let start = ContinuousClock.now
            // Renewed every third of its term, for three terms: the other handle is never granted it.
            while ContinuousClock.now - start < term * 3 {
                #expect(try await store.renew([lease], lease: term) == [lease])
                #expect(try await other.claim([url], for: "b", lease: term, now: at(0)).isEmpty)
                try await Task.sleep(for: FeedLease.renewalPeriod(of: term))
            }
            try await waitUntil("the unrenewed lease runs out and the other handle is granted it") {
                try await !other.claim([url], for: "b", lease: .seconds(30), now: at(0)).isEmpty
            }
        }
    }
}
