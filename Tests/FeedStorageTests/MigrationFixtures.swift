import FeedTesting
import Foundation
import GRDB

@testable import FeedStorage

/// A store file as an older feedd left it: the schema up to `migration`, filled by `fill`. Opening it with
/// ``SQLiteFeedStore`` then runs the migrations after that one.
func oldStore(
    upTo migration: String, in directory: TemporaryFolder, fill: @escaping @Sendable (Database) throws -> Void
) async throws -> String {
    let path = directory.file("feedd.sqlite").path
    let queue = try DatabaseQueue(path: path)
    try StoreSchema.migrator.migrate(queue, upTo: migration)
    try await queue.write(fill)
    return path
}
