import FeedModel
import Foundation
import Testing

@testable import FeedStorage

/// `records(for:)` looks a few subscriptions up by URL and reads every feed for many: both must give the same
/// records, a moved feed found by its old URL included.
@Suite struct FeedRecordsTests {
    static let old = "https://example.org/old.xml"
    static let moved = "https://example.net/moved.xml"

    /// 70 feeds (more than the look-up path takes), tags on some, hints on others, and one moved by permanent
    /// redirects whose old URL stays an alias.
    func fill(_ store: any FeedStore) async throws -> [FeedSubscription] {
        let listed = (0..<70).map { index in
            FeedSubscription(url: "https://example.org/\(index).xml", tags: index % 3 == 0 ? ["t\(index % 2)"] : [])
        }
        try await store.register(listed + [FeedSubscription(url: Self.old, tags: ["old"])])
        for (index, feed) in listed.enumerated() where index % 4 == 0 {
            var refresh = updated(feed.url, [item("\(index)")])
            let hints = PollingHints(ttlMinutes: index % 8 == 0 ? 60 : nil, updatePeriod: "daily")
            refresh.plan = { _ in PollPlan(nextDueAt: at(3_600), state: PollState(hints: hints)) }
            _ = try await store.commit(refresh)
        }
        for time in 1...3 {
            var refresh = FeedRefresh(feedURL: Self.old, polledAt: at(time), result: .notModified, httpStatus: 200)
            refresh.permanentRedirect = Self.moved
            _ = try await store.commit(refresh)
        }
        return listed
    }

    @Test(arguments: backends) func fewLookedUpEqualAllRead(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            let listed = try await fill(store)
            let extra = [Self.old, Self.moved, "https://example.org/unknown.xml"].map { FeedSubscription(url: $0) }
            let everything = try await store.records(for: listed + extra)
            #expect(everything.count > 64 && everything.first { $0.0.url == Self.old }?.1?.url == Self.moved)
            let subsets: [[String]] = [
                [Self.old], [Self.moved], [Self.old, Self.moved], ["https://example.org/unknown.xml"],
                ["https://example.org/0.xml", "https://example.org/3.xml", Self.old], [],
                listed.prefix(64).map(\.url),
            ]
            for urls in subsets {
                let few = try await store.records(for: urls.map { FeedSubscription(url: $0) })
                let expected = urls.map { url in everything.first { $0.0.url == url }?.1 }
                #expect(few.map(\.0.url) == urls && few.map(\.1) == expected, "\(urls)")
            }
        }
    }

    @Test(arguments: backends) func namedFeedsAreTheirRowsOfTheListing(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await fill(store)
            let all = try await store.feeds()
            for urls: Set<String> in [[Self.old], [Self.moved, "https://example.org/9.xml"], ["nowhere"], []] {
                let expected = all.filter { urls.contains($0.url) || !urls.isDisjoint(with: $0.aliases) }
                #expect(try await store.feeds(named: urls) == expected, "\(urls)")
            }
        }
    }
}
