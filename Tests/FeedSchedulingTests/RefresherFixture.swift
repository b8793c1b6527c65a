import FeedFetching
import FeedModel
import FeedScheduling
import FeedStorage
import FeedTesting
import Foundation
import Logging
import Synchronization

/// A refresher over a real loopback server, a real SQLite file and a manual clock, random draws fixed at 0.5.
final class RefresherFixture {
    static let fixtures = CLIWorkspace.fixtures
    static let newsRSS = (try? Data(contentsOf: fixtures.appendingPathComponent("news.rss"))) ?? Data()

    let folder: TemporaryFolder
    let server: LoopbackServer
    let clock = ManualClock()
    let fetcher: FeedFetcher
    /// The feeds' own request options, as `feedd run` hands them over from the configuration.
    let subscriptions = SubscriptionTable()
    private(set) var store: SQLiteFeedStore
    private(set) var refresher: FeedRefresher

    var path: String { folder.file("feedd.sqlite").path }

    /// - Parameter concurrency: the fetcher's transfers at once.
    init(concurrency: Int = 4, handler: @escaping @Sendable (TestRequest) -> TestResponse) throws {
        fetcher = FeedFetcher(concurrency: concurrency)
        server = try LoopbackServer(handler: handler)
        folder = try TemporaryFolder("refresh")
        store = try SQLiteFeedStore(path: folder.file("feedd.sqlite").path)
        refresher = Self.makeRefresher(fetcher, store, clock, subscriptions)
    }

    static func makeRefresher(
        _ fetcher: FeedFetcher, _ store: SQLiteFeedStore, _ clock: ManualClock, _ subscriptions: SubscriptionTable
    ) -> FeedRefresher {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        var settings = FeedRefresher.Settings(userAgent: "feedd-test")
        settings.subscriptions = subscriptions
        return FeedRefresher(
            fetcher: fetcher, store: store, clock: clock, settings: settings, random: { 0.5 }, logger: logger)
    }

    /// Opens the store anew, as a restarted process would.
    func restart() throws {
        store = try SQLiteFeedStore(path: path)
        refresher = Self.makeRefresher(fetcher, store, clock, subscriptions)
    }

    /// Polls the feed registered at `url` once, reading its row first as the poll loop does.
    @discardableResult
    func poll(_ url: String, interval: Duration? = nil) async throws -> PollReport {
        try await store.register([FeedSubscription(url: url)])
        guard let record = try await store.records(for: [FeedSubscription(url: url)]).first?.1 else {
            throw CancellationError()
        }
        return await refresher.refresh(record, interval: interval)
    }

    func feed(_ url: String) async throws -> FeedRecord? { try await store.feed(url: url) }

    deinit {
        fetcher.shutdown()
        server.stop()
        folder.remove()
    }
}

/// A feed answer, optionally with extra headers.
func feedResponse(_ headers: [(String, String)] = []) -> TestResponse {
    TestResponse(
        status: 200, headers: [("Content-Type", "application/rss+xml")] + headers, body: RefresherFixture.newsRSS)
}

/// A redirect to `location` with `status`.
func redirect(_ status: Int, to location: String) -> TestResponse {
    TestResponse(status: status, headers: [("Location", location)])
}

/// A value the server's handler reads and the test changes between polls.
final class Switch<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    var current: Value {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
