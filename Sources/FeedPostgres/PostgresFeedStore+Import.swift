import FeedStorage
import Foundation
import PostgresNIO

// `feedd migrate`: another store's rows copied into this empty database in one transaction.
extension PostgresFeedStore {
    /// How many rows one page of the copy reads and writes.
    static let copyPage = 1_000

    /// Copies every table of `source` into this database, which must hold no feedd data, in one transaction:
    /// all of it is stored, or nothing. Items keep their seqs, and the sequencer continues after the source's
    /// newest (``StoreExport/highWater``), so that a consumer's cursor means the same here; each story member's
    /// band rows are derived from its signature. Before committing, each table's rows are counted against those
    /// read; answers them by table. `progress` hears of each page written.
    public func importRows(
        from source: any StoreExport, progress: (_ table: StoreTable, _ rows: Int) -> Void = { _, _ in }
    ) async throws -> [StoreTable: Int] {
        try await transaction("copy the store into \(location.redacted)") { connection in
            // No commit or registration may slip in between the check and the copy.
            try await connection.run(
                "LOCK TABLE feed, item, consumer, sequencer IN EXCLUSIVE MODE", logger: logger)
            try await refuseUnlessEmpty(connection)
            var copied: [StoreTable: Int] = [:]
            for table in StoreTable.allCases {
                var last: [StoreValue]?
                var count = 0
                while true {
                    let rows = try await source.rows(of: table, after: last, limit: Self.copyPage)
                    guard !rows.isEmpty else { break }
                    try await insert(rows, into: table, connection)
                    count += rows.count
                    progress(table, count)
                    last = rows.last
                }
                copied[table] = count
            }
            try await connection.run(
                "UPDATE sequencer SET last_seq = \(source.highWater) WHERE id = 1", logger: logger)
            // Feeds registered from now on take ids after the copied ones.
            try await connection.run(
                "SELECT setval(pg_get_serial_sequence('feed', 'id'), GREATEST((SELECT MAX(id) FROM feed), 1))",
                logger: logger)
            for table in StoreTable.allCases {
                let stored = try await rowCount(table, connection)
                let read = copied[table] ?? 0
                guard stored == read else {
                    throw PostgresStoreError(
                        "\(table.rawValue) holds \(stored) rows after a copy of \(read): nothing was stored")
                }
            }
            return copied
        }
    }

    /// Throws ``FeedStorageError`` naming what the database already holds, unless it holds no feedd data.
    private func refuseUnlessEmpty(_ connection: PostgresConnection) async throws {
        var held: [String] = []
        for table in StoreTable.allCases {
            let rows = try await rowCount(table, connection)
            if rows > 0 { held.append("\(rows) \(table.rawValue) rows") }
        }
        let seq = try await PostgresReads.highWater(connection, logger)
        if held.isEmpty, seq > 0 { held.append("a sequencer at seq \(seq)") }
        guard held.isEmpty else { throw FeedStorageError.notEmpty(location.redacted, holding: held) }
    }

    /// How many rows `table` holds.
    private func rowCount(_ table: StoreTable, _ connection: PostgresConnection) async throws -> Int {
        let query = PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table.rawValue)")
        let count: Int64? = try await connection.first(query, as: Int64.self, logger: logger)
        return Int(count ?? 0)
    }

    /// Inserts one page of a table's rows (statements of at most ``rowsPerStatement`` rows and PostgreSQL's
    /// 65,535 parameters), and the band rows of story members.
    private func insert(_ rows: [[StoreValue]], into table: StoreTable, _ connection: PostgresConnection)
        async throws
    {
        let columns = table.columns
        let perStatement = min(Self.rowsPerStatement, 65_535 / columns.count)
        let compressor = StoredJSON.Compressor()
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            var binds = PostgresBindings(capacity: chunk.count * columns.count)
            for row in chunk {
                for (value, column) in zip(row, columns) {
                    try Self.bind(value, column.kind, compressor, &binds)
                }
            }
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO \(table.rawValue) (\(table.columnList))
                        VALUES \(Self.values(rows: chunk.count, columns: columns.count))
                        """, binds: binds), logger: logger)
        }
        guard table == .storyMember else { return }
        // As a commit writes them (PostgresFeedStore+Insert): a row per band key of each member's signature.
        var bands: (keys: [Int64], members: [Int64], feeds: [Int64], times: [Double]) = ([], [], [], [])
        for row in rows {
            guard case .integer(let member) = row[0], case .integer(let feed) = row[1],
                case .real(let time) = row[3], case .bytes(let signature) = row[6]
            else { continue }
            for key in StoryText.bandKeys(of: StoryText.hashes(ofBlob: Data(signature))) {
                bands.keys.append(key)
                bands.members.append(member)
                bands.feeds.append(feed)
                bands.times.append(time)
            }
        }
        try await connection.run(
            """
            INSERT INTO story_band (band_key, member, feed_id, story_time)
            SELECT * FROM unnest(\(bands.keys), \(bands.members), \(bands.feeds), \(bands.times))
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// Appends a copied value as its column's type; an item's JSON text is compressed as a commit stores it.
    private static func bind(
        _ value: StoreValue, _ kind: StoreValue.Kind, _ compressor: StoredJSON.Compressor,
        _ binds: inout PostgresBindings
    ) throws {
        switch value {
        case .null: binds.appendNull()
        case .integer(let number): binds.append(number)
        case .real(let number): binds.append(number)
        case .text(let text): binds.append(text)
        case .boolean(let flag): binds.append(flag)
        case .bytes(let bytes):
            try binds.append(Data(kind == .json ? compressor.compress(bytes) : bytes))
        }
    }
}
