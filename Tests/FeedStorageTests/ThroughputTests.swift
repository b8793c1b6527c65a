import FeedModel
import Foundation
import Testing

@testable import FeedStorage

@Suite("Throughput")
struct ThroughputTests {
    /// `FEEDD_STORE_BENCH_FEEDS=1000` measures the full-size case; the default keeps the suite quick.
    static let feedCount = ProcessInfo.processInfo.environment["FEEDD_STORE_BENCH_FEEDS"].flatMap(Int.init) ?? 50

    @Test("many feeds × 60 items: all stored, counted, and a second poll of each adds nothing")
    func manyFeeds() async throws {
        try await withTemporaryStore { store, _ async throws in
            let feeds = (0..<Self.feedCount).map { feed in
                (url: "https://feed\(feed).example/rss", items: (0..<60).map { item("f\(feed)-\($0)") })
            }
            let clock = ContinuousClock()
            let first = try await clock.measure {
                for feed in feeds { _ = try await store.commit(updated(feed.url, feed.items)) }
            }
            var known = 0
            let second = try await clock.measure {
                for feed in feeds { known += try await store.commit(updated(feed.url, feed.items)).knownItems }
            }
            let records = try await clock.measure {
                let all = try await store.feeds()
                #expect(all.count == Self.feedCount)
                #expect(all.allSatisfy { $0.itemCount == 60 })
            }
            #expect(known == Self.feedCount * 60)
            #expect(try await store.items(after: 0, limit: nil).count == Self.feedCount * 60)
            print(
                "store throughput: \(Self.feedCount) feeds × 60 items: first commit \(first), "
                    + "re-commit \(second), feeds() \(records)")
        }
    }
}
