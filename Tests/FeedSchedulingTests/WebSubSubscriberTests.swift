import FeedFetching
import FeedModel
import FeedStorage
import FeedTesting
import FeedWebSub
import Foundation
import Logging
import Testing

@testable import FeedScheduling

/// The subscriber's requests and verifications over a real SQLite store, a loopback hub that records requests
/// without verifying them (the tests answer for it through ``WebSubSubscriber/verify(token:query:)``), and a
/// manual clock.
@Suite("WebSub subscriber") struct WebSubSubscriberTests {
    let feedURL = "https://blog.example/feed"
    let clock = ManualClock()
    let folder: TemporaryFolder
    let store: SQLiteFeedStore
    let fetcher = FeedFetcher(concurrency: 2)
    let hub: WebSubHub
    let subscriber: WebSubSubscriber

    init() throws {
        folder = try TemporaryFolder("websub")
        store = try SQLiteFeedStore(path: folder.file("feedd.sqlite").path)
        hub = try WebSubHub(clock: clock, verifies: false)
        subscriber = WebSubSubscriber(
            callbackBase: "http://127.0.0.1:9/websub", store: store, fetcher: fetcher, userAgent: "feedd-test",
            clock: clock, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), random: { 0 })
    }

    func close() {
        fetcher.shutdown()
        hub.stop()
        folder.remove()
    }

    /// The subscriptions whose next request is due at `now`, earliest first (without taking them, as the sender
    /// does).
    func due(at now: Date) async throws -> [WebSubRecord] {
        try await store.webSubs(feedURL: nil).filter { ($0.nextRequestAt ?? .distantFuture) <= now }
            .sorted { $0.nextRequestAt! < $1.nextRequestAt! }
    }

    /// The `hub.mode` of each form the hub received.
    var modes: [String] {
        hub.requests.map { FormEncoding.firstValues(String(decoding: $0.body, as: UTF8.self))["hub.mode"] ?? "" }
    }

    /// Subscribes the feed at the hub and answers the hub's verification of a `lease`-second lease.
    func subscribeAndVerify(lease: Int) async throws -> WebSubRecord {
        try await store.register([FeedSubscription(url: feedURL)])
        await subscriber.reconcile(
            feedURL: feedURL, discovery: HubDiscovery(hubs: [hub.url], topic: feedURL, source: .document))
        let row = try #require(try await store.webSubs(feedURL: feedURL).first)
        #expect(row.state == .requested && row.intent == .subscribe && row.nextRequestAt == clock.now())
        await subscriber.send(row)
        #expect(modes == ["subscribe"])
        let query = FormEncoding.encode([
            ("hub.mode", "subscribe"), ("hub.topic", feedURL), ("hub.challenge", "c1"),
            ("hub.lease_seconds", String(lease)),
        ])
        #expect(await subscriber.verify(token: row.token, query: query) == CallbackResponse(status: 200, body: "c1"))
        return try #require(try await store.webSub(token: row.token))
    }

    @Test("an active lease is renewed a tenth of the lease before its end, while it still runs")
    func renewalBeforeExpiry() async throws {
        defer { close() }
        let verified = clock.now()
        let active = try await subscribeAndVerify(lease: 864_000)
        #expect(active.state == .active && active.leaseUntil == verified.addingTimeInterval(864_000))
        #expect(await subscriber.pushState(of: feedURL) == .active(until: verified.addingTimeInterval(864_000)))
        // A tenth of a 10-day lease is a day (the random part drawn at 0).
        #expect(active.nextRequestAt == verified.addingTimeInterval(864_000 - 86_400))
        clock.advance(by: 864_000 - 86_400 - 1)
        #expect(try await due(at: clock.now()).isEmpty)
        clock.advance(by: 1)
        let due = try await due(at: clock.now())
        #expect(due.map(\.token) == [active.token])
        await subscriber.send(try #require(due.first))
        #expect(modes == ["subscribe", "subscribe"])
        #expect(subscriber.currentCounts.renewals == 1)
        // The lease runs on while the renewal waits for its verification.
        let renewing = try #require(try await store.webSub(token: active.token))
        #expect(renewing.state == .active && renewing.leaseUntil == active.leaseUntil)
        #expect(renewing.nextRequestAt == clock.now().addingTimeInterval(3_600))
    }

    @Test("a request the hub never verifies turns failing and is retried with backoff, never sooner than an hour")
    func neverVerified() async throws {
        defer { close() }
        try await store.register([FeedSubscription(url: feedURL)])
        await subscriber.reconcile(
            feedURL: feedURL, discovery: HubDiscovery(hubs: [hub.url], topic: feedURL, source: .document))
        await subscriber.send(try #require(try await store.webSubs(feedURL: feedURL).first))
        #expect(await subscriber.pushState(of: feedURL) == .pending)
        clock.advance(by: 3_599)
        #expect(try await due(at: clock.now()).isEmpty)
        clock.advance(by: 1)
        #expect(await subscriber.pushState(of: feedURL) == .failing)
        for failures in 1...8 {
            let due = try #require(try await due(at: clock.now()).first)
            await subscriber.send(due)
            let row = try #require(try await store.webSub(token: due.token))
            // 1 min doubling (its random half drawn at 0): an hour until the wait passes it, at the 8th.
            let expected = max(3_600, 60 * pow(2, Double(failures - 1)) / 2)
            #expect(row.state == .failing && row.failures == failures, "\(row)")
            #expect(row.nextRequestAt == clock.now().addingTimeInterval(expected), "\(failures)")
            clock.advance(by: expected)
        }
        #expect(modes.count == 9)
    }

    @Test("a hub's denial ends an active subscription: no renewal, push state denied, polling at its own pace")
    func denial() async throws {
        defer { close() }
        let active = try await subscribeAndVerify(lease: 86_400)
        let denied = FormEncoding.encode([
            ("hub.mode", "denied"), ("hub.topic", feedURL), ("hub.reason", "topic not allowed"),
        ])
        #expect(await subscriber.verify(token: active.token, query: denied).status == 200)
        let row = try #require(try await store.webSub(token: active.token))
        #expect(row.state == .denied && row.reason == "topic not allowed" && row.nextRequestAt == nil, "\(row)")
        #expect(await subscriber.pushState(of: feedURL) == .denied)
        let planned = clock.now().addingTimeInterval(600)
        #expect(subscriber.nextPoll(planned: planned, now: clock.now(), pushState: .denied) == planned)
        clock.advance(by: 86_400 * 2)
        #expect(try await due(at: clock.now()).isEmpty)
        #expect(modes == ["subscribe"])
    }

    @Test("only the mode feedd asked for, of its topic and token, is confirmed; anything else is 404")
    func verificationRefusals() async throws {
        defer { close() }
        try await store.register([FeedSubscription(url: feedURL)])
        await subscriber.reconcile(
            feedURL: feedURL, discovery: HubDiscovery(hubs: [hub.url], topic: feedURL, source: .document))
        let row = try #require(try await store.webSubs(feedURL: feedURL).first)
        let unsubscribe = FormEncoding.encode([
            ("hub.mode", "unsubscribe"), ("hub.topic", feedURL), ("hub.challenge", "c"),
        ])
        let otherTopic = FormEncoding.encode([
            ("hub.mode", "subscribe"), ("hub.topic", "https://elsewhere.example/"), ("hub.challenge", "c"),
        ])
        #expect(await subscriber.verify(token: row.token, query: unsubscribe) == .notFound)
        #expect(await subscriber.verify(token: row.token, query: otherTopic) == .notFound)
        #expect(await subscriber.verify(token: String(repeating: "0", count: 32), query: unsubscribe) == .notFound)
        #expect(try await store.webSub(token: row.token) == row)
    }

    @Test("a hub the feed no longer names is unsubscribed from")
    func hubGone() async throws {
        defer { close() }
        let active = try await subscribeAndVerify(lease: 86_400)
        await subscriber.reconcile(feedURL: feedURL, discovery: nil)
        let ending = try #require(try await store.webSub(token: active.token))
        #expect(ending.intent == .unsubscribe && ending.state == .requested && ending.nextRequestAt == clock.now())
        #expect(await subscriber.pushState(of: feedURL) == nil)
        await subscriber.send(ending)
        #expect(modes == ["subscribe", "unsubscribe"])
        let query = FormEncoding.encode([("hub.mode", "unsubscribe"), ("hub.topic", feedURL), ("hub.challenge", "c2")])
        #expect(await subscriber.verify(token: active.token, query: query) == CallbackResponse(status: 200, body: "c2"))
        #expect(try await store.webSub(token: active.token)?.state == .ended)
        #expect(try await due(at: clock.now().addingTimeInterval(86_400 * 60)).isEmpty)
    }

    @Test("a poll subscribes at the hub its document names; polling slows fourfold only once the hub verified")
    func pollSubscribesAndSlowsWhenActive() async throws {
        defer { close() }
        let document = HubFeed(
            topic: "https://blog.example/self",
            entries: [HubFeed.Entry(id: "https://blog.example/1", title: "One", updated: clock.now())]
        ).document(hub: hub.url)
        let server = try LoopbackServer { _ in
            TestResponse(status: 200, headers: [("Content-Type", "application/atom+xml")], body: document)
        }
        defer { server.stop() }
        var settings = FeedRefresher.Settings(userAgent: "feedd-test")
        settings.webSub = subscriber
        let refresher = FeedRefresher(
            fetcher: fetcher, store: store, clock: clock, settings: settings, random: { 0.5 },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let url = server.url("/feed.atom")
        func poll() async throws -> (wait: TimeInterval, interval: TimeInterval) {
            try await store.register([FeedSubscription(url: url)])
            let record = try #require(try await store.feed(url: url))
            let report = await refresher.refresh(record)
            let next = try #require(report.nextPollAt)
            return (next.timeIntervalSince(clock.now()), try #require(report.interval).timeInterval)
        }
        _ = try await poll()
        let row = try #require(try await store.webSubs(feedURL: url).first)
        #expect(row.hub == hub.url && row.topic == "https://blog.example/self" && row.state == .requested)
        // Pending: polled as before.
        clock.advance(by: 60)
        let pending = try await poll()
        #expect(abs(pending.wait - pending.interval) < 1, "\(pending)")
        let query = FormEncoding.encode([
            ("hub.mode", "subscribe"), ("hub.topic", row.topic), ("hub.challenge", "c"),
            ("hub.lease_seconds", "864000"),
        ])
        #expect(await subscriber.verify(token: row.token, query: query).status == 200)
        clock.advance(by: 60)
        let pushed = try await poll()
        #expect(abs(pushed.wait - 4 * pushed.interval) < 1, "\(pushed)")
    }
}
