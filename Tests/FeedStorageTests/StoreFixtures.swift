import FeedModel
import FeedTesting
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import FeedPostgres
@testable import FeedStorage

/// The backends the store's behaviour suites run against: SQLite always, PostgreSQL with a test server
/// (``PostgresTestServer``: on a developer's machine without one it is left out, under CI it runs and fails).
enum StoreBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// See ``StoreBackend``.
let backends: [StoreBackend] = [.sqlite] + (PostgresTestServer.runsTests ? [.postgres] : [])

/// A fresh, empty store of `backend`: a SQLite file (``withTemporaryStore(_:)``, with its checks) or a database of
/// its own on the PostgreSQL test server.
func withStore(
    _ backend: StoreBackend, storyWindow: Duration = SQLiteFeedStore.defaultStoryWindow,
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (_ store: any FeedStore) async throws -> Void
) async throws {
    try await withStoreHandles(backend, storyWindow: storyWindow, logger: logger) { store, _ in try await body(store) }
}

/// As ``withStore(_:storyWindow:logger:_:)``, with a way to open another handle on the same store, as another
/// process would (its own connections, its own story index).
func withStoreHandles(
    _ backend: StoreBackend, storyWindow: Duration = SQLiteFeedStore.defaultStoryWindow,
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (_ store: any FeedStore, _ another: () throws -> any FeedStore) async throws -> Void
) async throws {
    switch backend {
    case .sqlite:
        try await withTemporaryStore(storyWindow: storyWindow, logger: logger) { store, path in
            try await body(store, { try SQLiteFeedStore(path: path, storyWindow: storyWindow, logger: logger) })
        }
    case .postgres:
        try await PostgresTestServer.withDatabase { url in
            let location = try PostgresLocation(parsing: url)
            let store = PostgresFeedStore(location: location, storyWindow: storyWindow, logger: logger)
            try await body(store, { PostgresFeedStore(location: location, storyWindow: storyWindow, logger: logger) })
            await store.close()
        }
    }
}

/// A real SQLite file in a fresh temporary directory (in a subdirectory that does not exist yet, so opening
/// also proves parent directories are created), removed afterwards.
///
/// Every test that uses it also checks that it left a sound WAL database behind.
func withTemporaryStore(
    storyWindow: Duration = SQLiteFeedStore.defaultStoryWindow,
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (_ store: SQLiteFeedStore, _ path: String) async throws -> Void
) async throws {
    let directory = try TemporaryFolder("store-tests")
    defer { directory.remove() }
    let path = directory.file("state/feedd.sqlite").path
    let store = try SQLiteFeedStore(path: path, storyWindow: storyWindow, logger: logger)
    try await body(store, path)
    #expect(try await store.pragma("journal_mode") == "wal")
    // 2 = FULL, on the writer connection (the one that commits).
    #expect(try await store.pragma("synchronous") == "2")
    #expect(try await store.pragma("integrity_check") == "ok")
}

/// The number a counting SQL statement (the same in both dialects) reads from the store's tables.
func count(_ store: any FeedStore, _ sql: String) async throws -> Int {
    if let store = store as? PostgresFeedStore {
        let counted: Int64? = try await store.read("count") { connection in
            try await connection.first(PostgresQuery(unsafeSQL: sql), as: Int64.self, logger: store.logger)
        }
        return Int(counted ?? -1)
    }
    let store = try #require(store as? SQLiteFeedStore)
    return try await store.read("count") { db in try Int.fetchOne(db, sql: sql) ?? -1 }
}

/// Runs a statement (the same in both dialects) on the store's tables, as a hand or a bug elsewhere could.
func execute(_ store: any FeedStore, _ sql: String) async throws {
    if let store = store as? PostgresFeedStore {
        try await store.transaction("execute") { connection in
            try await connection.run(PostgresQuery(unsafeSQL: sql), logger: store.logger)
        }
        return
    }
    let store = try #require(store as? SQLiteFeedStore)
    try await store.write("execute") { db in try db.execute(sql: sql) }
}

/// The new-item times a refresh's plan of `url` sees since `since` (a 304 committed at 1000 s asks for them).
func earlierNewItemTimes(_ store: any FeedStore, _ url: String, since: Date) async throws -> [Date] {
    var refresh = FeedRefresh(feedURL: url, polledAt: at(1_000), result: .notModified, httpStatus: 304)
    refresh.newItemTimesSince = since
    return try await store.commit(refresh).earlierNewItemTimes
}

/// A plan that only says when the next poll is (the poll state left empty).
func due(_ date: Date) -> @Sendable (RefreshSummary) -> PollPlan {
    { _ in PollPlan(nextDueAt: date, state: PollState()) }
}

/// Whole seconds: the item JSON keeps milliseconds, so fixtures stay exactly representable.
func at(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(1_700_000_000 + seconds)) }

/// An item with an id, a link, a title and a body, all derived from `name`.
func item(_ name: String, published: Int = 0) -> Item {
    Item(
        id: "urn:item:\(name)", url: "https://example.org/\(name)", title: "Item \(name)",
        contentHTML: "<p>Body of \(name)</p>", authors: [Person(name: "Ann")], datePublished: at(published),
        tags: ["t-\(name)"])
}

/// `item(name)` with its title corrected: an edit the store stores again with a new seq.
func edited(_ name: String) -> Item {
    var item = item(name)
    item.title = "Item \(name), corrected"
    return item
}

/// A successful refresh of `url` with these items (newest first, as feeds list them).
func updated(
    _ url: String, _ items: [Item], title: String? = "Feed title", at time: Int = 0,
    validators: HTTPValidators? = HTTPValidators(etag: "\"v1\""), bodyHash: String = "hash",
    retention: Retention = Retention()
) -> FeedRefresh {
    FeedRefresh(
        feedURL: url, polledAt: at(time), result: .updated(Feed(title: title, items: items), bodyHash: bodyHash),
        httpStatus: 200, validators: validators, retention: retention, plan: due(at(time + 3600)))
}
