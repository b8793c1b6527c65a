import FeedModel
import Foundation
import Synchronization
import Testing

@testable import FeedStorage

/// The scheduler's columns of a feed row (schema v4): poll state, new-item times, permanent redirects, enable.
@Suite("Poll state") struct PollStateTests {
    let url = "https://example.org/feed.xml"
    let moved = Self.moved
    static let moved = "https://example.com/new.xml"

    @Test("a plan's state is stored with the refresh and read back, hints included", arguments: backends)
    func planIsStored(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            var refresh = updated(url, [item("a")])
            let hints = PollingHints(ttlMinutes: 90, skipHours: [1, 2], skipDays: ["Sunday"], updatePeriod: "daily")
            refresh.plan = { summary in
                PollPlan(
                    nextDueAt: at(5_400 + summary.newItems),
                    state: PollState(
                        interval: .seconds(5_400), reason: .ttl, retryAfterUntil: at(60), gone: false, hints: hints))
            }
            _ = try await store.commit(refresh)
            let feed = try #require(try await store.feed(url: url))
            #expect(feed.nextDueAt == at(5_401), "the plan saw the commit's one new item")
            #expect(
                feed.pollState
                    == PollState(
                        interval: .seconds(5_400), reason: .ttl, retryAfterUntil: at(60), gone: false, hints: hints))
        }
    }

    @Test(
        "the plan sees earlier new-item times, without the first document, items before the window or its own",
        arguments: backends)
    func newItemTimes(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated(url, [item("a"), item("b")], at: 0))
            _ = try await store.commit(updated(url, [item("c"), item("a"), item("b")], at: 100, bodyHash: "h2"))
            var refresh = updated(url, [item("d"), item("e"), item("c")], at: 200, bodyHash: "h3")
            refresh.newItemTimesSince = at(0)
            let seen = Mutex<[Date]?>(nil)
            refresh.plan = { summary in
                seen.withLock { $0 = summary.earlierNewItemTimes }
                return PollPlan(nextDueAt: at(300), state: PollState())
            }
            let summary = try await store.commit(refresh)
            #expect(summary.earlierNewItemTimes == [at(100)] && seen.withLock { $0 } == [at(100)])
            #expect(try await earlierNewItemTimes(store, url, since: at(0)) == [at(100), at(200), at(200)])
            #expect(try await earlierNewItemTimes(store, url, since: at(150)) == [at(200), at(200)])
            #expect(try await earlierNewItemTimes(store, "https://other.example/", since: at(0)).isEmpty)
        }
    }

    /// A refresh that came through a permanent redirect to `target` (nil: a direct answer).
    func poll(_ target: String?, at time: Int, status: Int? = 200) -> FeedRefresh {
        var refresh = FeedRefresh(feedURL: url, polledAt: at(time), result: .notModified, httpStatus: status)
        refresh.permanentRedirect = target
        return refresh
    }

    @Test(
        "three polls in a row through a 301 to one target move the feed; the old URL stays an alias",
        arguments: backends)
    func threePermanentRedirectsMove(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await store.register([FeedSubscription(url: url, title: "Mine")])
            _ = try await store.commit(updated(url, [item("a")]))
            #expect(try await store.commit(poll(moved, at: 1)).movedTo == nil)
            #expect(try await store.commit(poll(moved, at: 2)).movedTo == nil)
            #expect(try await store.feed(url: url)?.redirectCount == 2)
            #expect(try await store.commit(poll(moved, at: 3)).movedTo == moved)
            let feed = try #require(try await store.feed(url: url))
            #expect(feed.url == moved && feed.aliases == [url] && feed.itemCount == 1)
            #expect(try await store.feed(url: moved) == feed)
            // The configuration keeps listing the old URL: registering it updates the moved feed.
            try await store.register([FeedSubscription(url: url, title: "Renamed")])
            let feeds = try await store.feeds()
            #expect(feeds.map(\.url) == [moved] && feeds.first?.title == "Renamed")
            // Items keep their feed; a view by the old URL still finds them.
            #expect(try await store.items(ItemQuery(feedURL: url)).map(\.feedURL) == [moved])
            #expect(try await store.verify().isEmpty)
        }
    }

    @Test(
        "a run broken by a direct answer, a temporary redirect or a new target does not move the feed",
        arguments: backends,
        [
            [Self.moved, Self.moved, nil, Self.moved], [Self.moved, nil, Self.moved, Self.moved],
            [Self.moved, "https://x.example/", Self.moved, Self.moved],
        ] as [[String?]])
    func brokenRunsDoNotMove(_ backend: StoreBackend, targets: [String?]) async throws {
        try await withStore(backend) { store async throws in
            for (index, target) in targets.enumerated() {
                let summary = try await store.commit(poll(target, at: index))
                #expect(summary.movedTo == nil)
            }
            #expect(try await store.feed(url: url)?.url == url)
        }
    }

    @Test("a poll without a response (network error) neither counts nor breaks the run", arguments: backends)
    func networkErrorsAreNeutral(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            _ = try await store.commit(poll(moved, at: 1))
            _ = try await store.commit(
                FeedRefresh(feedURL: url, polledAt: at(2), result: .failed("connection refused")))
            _ = try await store.commit(poll(moved, at: 3))
            #expect(try await store.commit(poll(moved, at: 4)).movedTo == moved)
        }
    }

    @Test("a moved feed listed by its old and its new URL takes the settings listed last", arguments: backends)
    func movedFeedListedTwice(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await store.register([FeedSubscription(url: url, title: "Mine")])
            for time in 1...3 { _ = try await store.commit(poll(moved, at: time)) }
            try await store.register([
                FeedSubscription(url: moved, title: "New"), FeedSubscription(url: url, title: "Mine"),
            ])
            #expect(try await store.feeds().map(\.title) == ["Mine"])
            try await store.register([
                FeedSubscription(url: url, title: "Mine"), FeedSubscription(url: moved, title: "New"),
            ])
            #expect(try await store.feeds().map(\.title) == ["New"])
        }
    }

    @Test("a target that is already another stored feed is not taken", arguments: backends)
    func targetTakenByAnotherFeed(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            try await store.register([FeedSubscription(url: url), FeedSubscription(url: moved)])
            for time in 1...4 { _ = try await store.commit(poll(moved, at: time)) }
            #expect(try await store.feeds().map(\.url) == [moved, url].sorted())
        }
    }

    @Test("enable clears the gone state, by the current URL or an alias", arguments: backends)
    func enableClearsGone(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            var refresh = FeedRefresh(feedURL: url, polledAt: at(0), result: .failed("410 Gone"), httpStatus: 410)
            refresh.plan = { _ in PollPlan(nextDueAt: nil, state: PollState(reason: .gone, gone: true)) }
            _ = try await store.commit(refresh)
            #expect(try await store.feed(url: url)?.isGone == true)
            #expect(try await store.enable(url: url))
            let feed = try #require(try await store.feed(url: url))
            #expect(!feed.isGone && feed.nextDueAt == nil && feed.consecutiveFailures == 0)
            #expect(try await store.enable(url: "https://unknown.example/") == false)
        }
    }
}

extension PollStateTests {
    @Test("a configuration naming a moved feed by its old and its new URL polls it once", arguments: backends)
    func movedFeedListedTwiceIsPolledOnce(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store async throws in
            for time in 1...3 { _ = try await store.commit(poll(moved, at: time)) }
            let subscriptions = [FeedSubscription(url: url), FeedSubscription(url: moved)]
            try await store.register(subscriptions)
            #expect(try await store.records(for: subscriptions).map { $0.1?.url } == [moved, moved])
            let polled = try await store.feedsToPoll(for: subscriptions)
            #expect(polled.map(\.0.url) == [url] && polled.map(\.1.url) == [moved])
            #expect(try await store.verify().isEmpty)
        }
    }

    @Test(
        "hints written by hand read back as JSONEncoder's text of them does",
        arguments: [
            PollingHints(ttlMinutes: 90),
            PollingHints(skipHours: [23, 0, 5]),
            PollingHints(skipDays: ["Sunday", "Saturday"]),
            PollingHints(updatePeriod: "daily", updateFrequency: 2),
            PollingHints(
                ttlMinutes: 0, skipHours: [1], skipDays: ["Mon\"day\\"], updatePeriod: "h\u{1}ourly\u{e9}",
                updateFrequency: -3),
            PollingHints(),
        ])
    func handWrittenHints(hints: PollingHints) throws {
        let plain = try JSONEncoder().encode(StoredHints(hints))
        let expected = hints == PollingHints() ? nil : String(decoding: plain, as: UTF8.self)
        let text = StoredHints.encode(hints)
        #expect((text == nil) == (expected == nil))
        #expect(StoredHints.decode(text) == StoredHints.decode(expected))
        #expect(StoredHints.decode(text) == hints)
        if let text { #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any]) }
    }
}
