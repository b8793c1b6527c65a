import FeedPostgres
import FeedStorage
import Foundation

/// What `feedd migrate` copied.
public struct MigrationReport: Sendable {
    /// The database copied into, its password left out.
    public var target: String
    /// Rows copied, by table (each counted again in the database before the copy committed).
    public var rows: [StoreTable: Int]
    /// The newest seq of the SQLite store: the database's next item takes a higher one.
    public var highWater: Int64
    /// Story URL rows whose URL no stored item has any more (see ``SQLiteStoreExport``), not copied.
    public var unmatchedStoryURLs: Int
}

extension Application {
    /// `feedd migrate --to URL`: copies the configured SQLite store into the empty PostgreSQL database at `target`,
    /// in one transaction (``PostgresFeedStore/importRows(from:progress:)``). The store's run lock is held
    /// meanwhile, so no `feedd run` polls into the SQLite store while it is copied (one running is named, and
    /// nothing is copied).
    public func migrate(
        to target: String, progress: (_ table: StoreTable, _ rows: Int) -> Void = { _, _ in }
    ) async throws -> MigrationReport {
        guard let source = store as? SQLiteFeedStore else {
            throw FeedAppError.usage("migrate copies a SQLite store; the configured store is already a database")
        }
        guard PostgresLocation.isPostgres(target) else {
            throw FeedAppError.usage("--to takes a postgresql:// URL (got '\(target)')")
        }
        let location: PostgresLocation
        do {
            location = try PostgresLocation(parsing: target)
        } catch {
            throw FeedAppError.usage("--to: \(error.description)")
        }
        let lock = try RunLock(database: configuration.database)
        defer { withExtendedLifetime(lock) {} }
        let destination = PostgresFeedStore(
            location: location, storyWindow: configuration.defaults.storyWindow, logger: logger)
        do {
            let export = try await source.export()
            let rows = try await destination.importRows(from: export, progress: progress)
            let report = MigrationReport(
                target: location.redacted, rows: rows, highWater: export.highWater,
                unmatchedStoryURLs: try await export.unmatchedStoryURLs())
            await destination.close()
            return report
        } catch {
            await destination.close()
            throw error
        }
    }
}
