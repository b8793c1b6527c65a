import FeedModel
import Foundation
import GRDB
import Logging
import Synchronization

/// The feed store in one SQLite file (through GRDB), shared safely by several processes.
///
/// A `feedd run` and a `feedd dump` may open the same file at once: the database is in WAL mode (readers never
/// block the writer nor each other, <https://www.sqlite.org/wal.html>), every write is an IMMEDIATE transaction
/// (GRDB's default for writes, so a transaction never has to upgrade a read lock, which fails with SQLITE_BUSY
/// that no busy timeout can retry), and a busy timeout makes a writer wait for another process's transaction
/// instead of failing with "database is locked".
public final class SQLiteFeedStore: FeedStore {
    /// How long a write waits for another connection's write transaction before giving up. Commits are short
    /// (one feed's items), so 10 s is far beyond any real wait and only a stuck process would exceed it.
    static let defaultBusyTimeout: TimeInterval = 10

    /// How far apart two near-duplicate items may be published and still be one story, by default.
    public static let defaultStoryWindow: Duration = .seconds(7 * 86_400)

    let pool: DatabasePool
    let path: String
    /// See ``defaultStoryWindow``, in seconds.
    let storyWindow: TimeInterval
    /// Where decisions about feeds are reported (a feed switched to link keys by GUID churn).
    let logger: Logger
    /// The in-memory band index of story members (see ``StoryIndex``); used inside write transactions only.
    let stories: Mutex<StoryIndex>
    /// What this handle knows of the store's compression dictionary (``compressionDictionary()``).
    let codec = Mutex(CodecState())
    /// Refreshes waiting for the writer share its next transaction.
    let commits = GroupCommit<(RefreshSummary, GUIDChurn?)>()
    /// Host slots: one process polls a SQLite file, so they live in memory (SQLiteFeedStore+HostSlots.swift).
    let hostSlots = HostSlotTable()

    /// Opens (creating if needed, with parent directories) the store at `path`: GRDB DatabasePool, WAL,
    /// synchronous=FULL, busy timeout (10 s) so several processes (a `feedd run` and a `feedd dump`) share it
    /// with no "database is locked" error; migrations with DatabaseMigrator. Logs nothing.
    public convenience init(path: String) throws {
        try self.init(path: path, busyTimeout: Self.defaultBusyTimeout)
    }

    /// Opens the store with a chosen near-duplicate story window and a logger for its decisions.
    public convenience init(path: String, storyWindow: Duration, logger: Logger) throws {
        try self.init(path: path, busyTimeout: Self.defaultBusyTimeout, storyWindow: storyWindow, logger: logger)
    }

    /// Opens the store with a chosen busy timeout (tests use a tiny one to provoke a busy database).
    init(
        path: String, busyTimeout: TimeInterval, storyWindow: Duration = defaultStoryWindow,
        logger: Logger = Logger(label: "feedd.store", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        self.path = path
        self.storyWindow = storyWindow.timeInterval
        self.logger = logger
        stories = Mutex(StoryIndex(window: storyWindow.timeInterval))
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .callback(Self.busyHandler(timeout: busyTimeout, path: path, logger: logger))
            configuration.label = "feedd.store"
            configuration.prepareDatabase { db in
                try Self.choosePageSize(db)
                try Self.syncEveryCommit(db)
            }
            pool = try Self.openPool(path: path, configuration: configuration)
            // GRDB's WAL set-up turns the writer's synchronous to NORMAL after prepareDatabase ran: set it back.
            try pool.writeWithoutTransaction { db in
                try Self.syncEveryCommit(db)
                // The writer touches the story URL keys and the story time index at random places: with a small
                // cache a large store's cold fetch reads the same pages back from the file over and over. 12 MiB
                // while polls run; an idle daemon gives it back (releaseIdleMemory). Readers keep the default.
                try db.execute(sql: "PRAGMA cache_size = -12288")
                // Each refresh of a group commit runs in a savepoint, whose sub-journal keeps the pages it changes
                // as they were; on disk (SQLite's default past 64 KiB) that wrote more than the WAL itself.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
            try Self.migrate(pool)
        } catch {
            throw FeedStorageError.open(path: path, cause: Self.cause(of: error))
        }
    }

    /// WAL with synchronous=NORMAL may lose the last transactions on power loss; FULL syncs the WAL at every
    /// commit, so a cursor advanced or an item counted as delivered is on disk
    /// (<https://www.sqlite.org/pragma.html#pragma_synchronous>).
    private static func syncEveryCommit(_ db: Database) throws {
        try db.execute(sql: "PRAGMA synchronous = FULL")
    }

    /// 16 KiB pages for a new store; an existing file keeps its own (SQLite fixes the page size when the first
    /// table is created, and a WAL database cannot change it, so this statement does nothing there).
    ///
    /// Why: an item row is ~2 KB of JSON, so SQLite's default 4 KiB page holds one or two and inserts split pages
    /// often; 16 KiB pages split far less and commit markedly faster
    /// (<https://www.sqlite.org/pragma.html#pragma_page_size>).
    static func choosePageSize(_ db: Database) throws {
        try db.execute(sql: "PRAGMA page_size = 16384")
    }

    /// Opens the pool, again when switching a brand-new file to WAL found another process doing the same.
    ///
    /// `PRAGMA journal_mode = WAL` needs an exclusive lock, and SQLite answers SQLITE_BUSY at once, without the
    /// busy handler, when waiting could deadlock (<https://www.sqlite.org/c3ref/busy_handler.html>): several
    /// processes creating the same file together hit it. It happens once in a file's life, so a short randomized
    /// pause and a new attempt settle it; the attempts are bounded so a file that stays locked still fails.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 50 {
                attempt += 1
                usleep(UInt32.random(in: 2_000...20_000))
            }
        }
    }

    /// Runs the migrations, again after each race lost to another handle.
    ///
    /// DatabaseMigrator reads which migrations are applied before it takes the write lock, so several processes
    /// opening a new file together can each decide to run the same migration; the losers then fail with "table
    /// already exists" or "duplicate column name". Every such failure means another handle committed one more
    /// migration (each runs in its own IMMEDIATE transaction), so a handle can lose at most once per migration:
    /// that bounds the retries, and any failure beyond it is a real one.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = StoreSchema.migrator
        var racesLost = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                racesLost += 1
                if racesLost > migrator.migrations.count { throw error }
            }
        }
    }

    // MARK: FeedStore

    public func register(_ subscriptions: [FeedSubscription]) async throws {
        let changed = try await read("read the subscriptions") { db in try Self.changes(subscriptions, in: db) }
        guard !changed.isEmpty else { return }
        // Compared again under the write lock: another process may have written since the read.
        try await write("register the subscriptions") { db in
            try Self.register(Self.changes(changed, in: db), in: db)
        }
    }

    public func feeds() async throws -> [FeedRecord] {
        try await read("read the feeds") { db in try Self.feeds(in: db) }
    }

    public func feed(url: String) async throws -> FeedRecord? {
        try await read("read the feed \(url)") { db in try Self.feed(url: url, in: db) }
    }

    public func enable(url: String) async throws -> Bool {
        try await write("enable the feed \(url)") { db in try Self.enable(url: url, in: db) }
    }

    public func commit(_ refresh: FeedRefresh) async throws -> RefreshSummary {
        // SQLite has one writer: encode and hash the new items before taking it, so that several polls prepare
        // their rows in parallel and the write transaction only inserts.
        var prepared: PreparedItems?
        if case .updated(let feed, _) = refresh.result {
            let url = refresh.feedURL
            // Until this handle has its compression dictionary, the same read looks for one.
            let looks = codec.withLock { $0.dictionary == nil }
            var (known, look) = try await read("read the stored keys of \(url)") { db in
                (try Self.knownItems(of: url, in: db), looks ? try CodecState.Look(in: db) : nil)
            }
            let dictionary = try await compressionDictionary(look)
            let churn = known.policy == .guid ? GUIDChurn.detect(in: feed.items, known: known) : nil
            if churn != nil { known = known.keyedByLink() }
            let distinct = Self.distinctItems(of: feed, policy: known.policy)
            prepared = try Self.prepare(
                distinct, skipping: known.hashes, refresh: refresh, storyWindow: storyWindow, dictionary: dictionary)
            prepared?.churn = churn
        }
        let operation = "commit the refresh of \(refresh.feedURL)"
        let (summary, switched) = try await groupCommit(operation) { [prepared] db in
            let switched = try prepared?.churn.map {
                try Self.switchToLinks(refresh.feedURL, churn: $0, at: refresh.polledAt, in: db) ? $0 : nil
            }
            let summary = try self.stories.withLock { index in
                try Self.commit(refresh, prepared: prepared, stories: &index, in: db)
            }
            return (summary, switched ?? nil)
        }
        if let switched {
            logger.notice(
                "feed re-issues its guids: matching its items by link from now on",
                metadata: ["feed": "\(refresh.feedURL)", "reason": "\(switched.reason)"])
        }
        return summary
    }

    public func items(_ query: ItemQuery) async throws -> [StoredItem] {
        try await read("read the items after \(query.after)") { db in try Self.items(query, in: db) }
    }

    public func itemPage(_ query: ItemQuery) async throws -> StoredItemPage {
        try await read("read the items after \(query.after)") { db in try Self.itemPage(query, in: db) }
    }

    public func storyMembers(of storyIDs: Set<Int64>, for audience: ItemAudience, cursor: Int64) async throws
        -> [StoryMember]
    {
        try await read("read the items of \(storyIDs.count) stories") { db in
            try Self.storyMembers(of: storyIDs, for: audience, cursor: cursor, in: db)
        }
    }

    public func cursor(of consumer: String) async throws -> Int64 {
        try await read("read the cursor of \(consumer)") { db in try Self.cursor(of: consumer, in: db) }
    }

    /// Drops the story index's slices away from now (a cold round's back catalogues), which a daemon's next
    /// look-ups (new items) do not reach.
    /// The connections' page caches and statements go too (SQLite reads and compiles them again when needed).
    public func releaseIdleMemory() async {
        let now = Date().timeIntervalSince1970
        stories.withLock { $0.shedIdle(around: now) }
        // GRDB's releaseMemory waits for the writer's queue: off the cooperative pool.
        await withCheckedContinuation { done in
            DispatchQueue.global().async { [pool] in
                pool.releaseMemory()
                done.resume()
            }
        }
    }

    public func snapshot() async throws -> any StoreSnapshot {
        do {
            return try await SQLiteStoreSnapshot(pool.makeSnapshot())
        } catch {
            throw Self.wrap(error, "take a snapshot of the store")
        }
    }

    public func lockConsumer(_ consumer: String, wait: Bool) async throws -> (any ConsumerLock)? {
        try await FileConsumerLock.take(consumer, path: path + ".consumers.lock", wait: wait)
    }

    public func advanceCursor(of consumer: String, from expected: Int64, to seq: Int64, seenAt highWater: Int64)
        async throws -> Bool
    {
        try await write("advance the cursor of \(consumer)") { db in
            try Self.advanceCursor(of: consumer, from: expected, to: seq, highWater: highWater, in: db)
        }
    }

    // MARK: Access with errors that name the operation

    /// Runs `body` in one IMMEDIATE write transaction: all of it commits, or none of it on any error.
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            // SQLite rolled the whole transaction back (https://www.sqlite.org/rescode.html#full): say so plainly.
            throw FeedStorageError.full(operation, path: path)
        } catch {
            throw Self.wrap(error, operation)
        }
    }

    /// Runs `body` in a savepoint of a write transaction shared with the other refreshes waiting for the writer
    /// (``GroupCommit``), and returns once that transaction has committed.
    func groupCommit(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> (RefreshSummary, GUIDChurn?)
    ) async throws -> (RefreshSummary, GUIDChurn?) {
        do {
            return try await commits.commit(
                body,
                transaction: { [self] run in try await write("commit the refreshes of several feeds", run) },
                rolledBack: { [self] in stories.withLock { $0 = StoryIndex(window: storyWindow) } })
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw FeedStorageError.full(operation, path: path)
        } catch {
            throw Self.wrap(error, operation)
        }
    }

    /// Runs `body` on a snapshot of the database (a reader connection, concurrent with the writer).
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.wrap(error, operation)
        }
    }

    /// Keeps our own errors and cancellation as they are; names the operation for everything else.
    static func wrap(_ error: any Error, _ operation: String) -> any Error {
        FeedStorageError.wrapping(error, operation, cause: cause(of:))
    }

    /// SQLite's own message and result code (e.g. "database is locked (SQLite code 5)").
    static func cause(of error: any Error) -> String {
        if let error = error as? FeedStorageError { return error.description }
        if let error = error as? DatabaseError {
            return "\(error.message ?? "unknown error") (SQLite code \(error.extendedResultCode.rawValue))"
        }
        return String(describing: error)
    }
}
