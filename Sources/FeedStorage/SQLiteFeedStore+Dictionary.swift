import Foundation
import GRDB

/// What a store handle knows of the compression dictionary: the one in force, or the item count at which it last
/// tried to train one (training, or found too little in the samples).
struct CodecState: Sendable {
    var dictionary: StoredJSON.Dictionary?
    var lastTry: Int64 = 0
    /// A refresh of this handle is training one now.
    var training = false

    /// What the store holds: its dictionary, if any, and how many items it has handed out.
    struct Look: Sendable {
        var stored: StoredJSON.Dictionary?
        var items: Int64

        init(in db: Database) throws {
            stored = try StoredJSON.current(in: db)
            items = try SQLiteFeedStore.highWater(in: db)
        }
    }
}

extension SQLiteFeedStore {
    /// The dictionary new items are compressed with, nil while the store holds too few items to train one. The
    /// first handle to find enough items trains it on the newest ones, outside any write transaction, and stores
    /// it; a handle that finds one stored uses it (of two trained at once, the first stored wins).
    /// `look` is what the caller's read found (nil when this handle had its dictionary then).
    func compressionDictionary(_ look: CodecState.Look?) async throws -> StoredJSON.Dictionary? {
        if let dictionary = codec.withLock({ $0.dictionary }) { return dictionary }
        guard let look else { return nil }
        let items = look.items
        if let stored = look.stored {
            codec.withLock { $0.dictionary = stored }
            return stored
        }
        // One refresh of this handle trains (the others go on without a dictionary meanwhile: concurrent polls
        // must not each read and train on thousands of items), and again only once the store has doubled since a
        // failed attempt.
        let trains = codec.withLock { codec in
            guard !codec.training, items >= Int64(StoredJSON.trainingItems), items >= 2 * codec.lastTry else {
                return false
            }
            codec.training = true
            codec.lastTry = items
            return true
        }
        guard trains else { return nil }
        defer { codec.withLock { $0.training = false } }
        let samples = try await read("sample items for a compression dictionary") { db in
            let expander = StoredJSON.Expander(db)
            let rows = try Data.fetchCursor(
                db, sql: "SELECT json FROM item ORDER BY seq DESC LIMIT ?", arguments: [StoredJSON.trainingItems])
            // The texts side by side in one buffer, as the trainer takes them, up to its byte budget.
            var samples = StoredJSON.Samples()
            while samples.joined.count < StoredJSON.trainingBytes, let stored = try rows.next() {
                let start = samples.joined.count
                if try stored.withUnsafeBytes({ try expander.expand($0, into: &samples.joined) }) {
                    samples.sizes.append(samples.joined.count - start)
                }
            }
            return samples
        }
        guard let bytes = StoredJSON.train(samples), let trained = StoredJSON.Dictionary(bytes) else { return nil }
        let first = try await write("store the compression dictionary") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO codec_dictionary (id, bytes, created_at) VALUES (?, ?, ?)",
                arguments: [Int64(trained.id), Data(bytes), Date().timeIntervalSince1970])
            return try StoredJSON.current(in: db)
        }
        codec.withLock { $0.dictionary = first }
        return first
    }
}
