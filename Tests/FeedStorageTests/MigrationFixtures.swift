import FeedTesting
import Foundation
import GRDB

@testable import FeedStorage

/// A store file as an older feedd left it, in a temporary folder removed afterwards: the schema up to
/// `migration`, filled by `fill`. `body` gets its path; opening it with ``SQLiteFeedStore`` runs the migrations
/// after that one.
func withOldStore(
    upTo migration: String, fill: @escaping @Sendable (Database) throws -> Void,
    _ body: (_ path: String) async throws -> Void
) async throws {
    let directory = try TemporaryFolder("old-store")
    defer { directory.remove() }
    let path = directory.file("feedd.sqlite").path
    let queue = try DatabaseQueue(path: path)
    try StoreSchema.migrator.migrate(queue, upTo: migration)
    try await queue.write(fill)
    try await body(path)
}
