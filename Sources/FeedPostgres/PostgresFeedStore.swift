import FeedModel
import FeedStorage
import Foundation
import Logging
import PostgresNIO

/// The feed store in a PostgreSQL database: the same behaviour as ``SQLiteFeedStore``, for stores that several
/// hosts share.
///
/// Delivery order: every item's seq comes from the one `sequencer` row, incremented inside the transaction that
/// inserts (or edits) the items and held, row-locked, until that transaction commits. A second committer waits on
/// the row lock and reads the sequencer only after the first committed, so seq order is commit order and a reader
/// that sees seq N also sees every seq below it: `seq > cursor` cannot skip a row that commits late, as it could
/// with a sequence (whose values are taken at insert but become visible at commit, in any order). The lock is taken
/// as late as the transaction allows, after the feed's known items and stories were read.
///
/// Connections come from PostgresNIO's pool (``PostgresClient``), whose `run()` this store drives; the schema is
/// migrated before the first operation (``PostgresSchema``). A snapshot and a consumer's lock each hold a
/// connection of their own (a REPEATABLE READ transaction; a session advisory lock, which the server releases when
/// the connection ends, also when the process dies).
public final class PostgresFeedStore: FeedStore {
    let client: PostgresClient
    let location: PostgresLocation
    let logger: Logger
    /// How far apart two near-duplicate items may be published and still be one story, in seconds.
    let storyWindow: TimeInterval
    private let runner: Task<Void, Never>
    /// The first connection and the migration, awaited by every operation: a server that cannot be reached fails
    /// the operations at once (after the connection's timeout, 10 s), rather than leaving them waiting on a pool
    /// that keeps trying.
    private let ready: Task<Void, any Error>

    /// Connects to `location` (lazily: the first operation waits for the connection and the migrations).
    public init(
        location: PostgresLocation, storyWindow: Duration = SQLiteFeedStore.defaultStoryWindow,
        logger: Logger = Logger(label: "feedd.store", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.location = location
        self.logger = logger
        self.storyWindow = storyWindow.timeInterval
        let client = PostgresClient(configuration: Self.clientConfiguration(location), backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        ready = Task { [logger] in
            do {
                let connection = try await Self.open(location, logger: logger)
                do {
                    try await PostgresSchema.migrate(connection, logger: logger)
                    try await connection.close()
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch {
                throw FeedStorageError.open(path: location.redacted, cause: Self.cause(of: error))
            }
        }
    }

    deinit {
        ready.cancel()
        runner.cancel()
    }

    /// Closes the pool's connections (also done when the store goes away, without waiting).
    public func close() async {
        ready.cancel()
        runner.cancel()
        await runner.value
    }

    /// The pool's configuration: TLS as `sslmode` says (certificates unchecked, as libpq's `prefer` and `require`).
    static func clientConfiguration(_ location: PostgresLocation) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socket = socketPath(location) {
            configuration = PostgresClient.Configuration(
                unixSocketPath: socket, username: location.user, password: location.password,
                database: location.database)
        } else {
            configuration = PostgresClient.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: tls(location.sslMode))
        }
        configuration.options.maximumConnections = 8
        return configuration
    }

    static func tls(_ mode: PostgresLocation.SSLMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(uncheckedTLS())
        case .require: .require(uncheckedTLS())
        }
    }

    /// TLS that encrypts without checking the server's certificate, as libpq's `prefer` and `require` do.
    static func uncheckedTLS() -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        return tls
    }

    /// The Unix socket a host that names a directory stands for (libpq's convention: `host=/run/postgresql` means
    /// `/run/postgresql/.s.PGSQL.5432`), nil for a network host.
    static func socketPath(_ location: PostgresLocation) -> String? {
        location.host.hasPrefix("/") ? "\(location.host)/.s.PGSQL.\(location.port)" : nil
    }

    /// A connection of its own, outside the pool (snapshots and consumer locks hold one).
    func connect() async throws -> PostgresConnection {
        try await ready.value
        return try await Self.open(location, logger: logger)
    }

    /// A new connection to `location`, outside any pool.
    static func open(_ location: PostgresLocation, logger: Logger) async throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        if let socket = socketPath(location) {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: socket, username: location.user, password: location.password,
                database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch location.sslMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: uncheckedTLS()))
            case .require: tls = .require(try NIOSSLContext(configuration: uncheckedTLS()))
            }
            configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: tls)
        }
        return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    }

    // MARK: Access with errors that name the operation

    /// Runs `body` in one transaction (READ COMMITTED): all of it commits, or none of it on any error.
    func transaction<T: Sendable>(
        _ operation: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            try await ready.value
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw Self.wrap(error, operation)
        }
    }

    /// Runs `body` on a pooled connection, each statement in its own transaction.
    func read<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            try await ready.value
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.wrap(error, operation)
        }
    }

    /// Keeps the store's own errors and cancellation; names the operation for everything else.
    static func wrap(_ error: any Error, _ operation: String) -> any Error {
        FeedStorageError.wrapping(failure(in: error), operation, cause: cause(of:))
    }

    /// What failed inside a transaction (PostgresNIO wraps it, with the statement that failed or the store's own
    /// error thrown in the closure): the closure's error, else that of BEGIN or COMMIT.
    static func failure(in error: any Error) -> any Error {
        guard let error = error as? PostgresTransactionError else { return error }
        return error.closureError ?? error.beginError ?? error.commitError ?? error
    }

    /// A multi-row VALUES list of `rows` rows of `columns` parameters each, numbered after the first `from`:
    /// `($1, $2), ($3, $4)`.
    static func values(rows: Int, columns: Int, from: Int = 0) -> String {
        (0..<rows).map { row in
            "(" + (1...columns).map { "$\(from + row * columns + $0)" }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
    }

    /// The server's message and SQLSTATE when it sent one.
    static func cause(of error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
            }
            return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        }
        return String(describing: error)
    }
}

extension PostgresConnection {
    /// Every row of `query` decoded as `T` (a tuple of column types).
    func all<each Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as type: (repeat each Column).Type, logger: Logger
    ) async throws -> [(repeat each Column)] {
        var rows: [(repeat each Column)] = []
        for try await row in try await self.query(query, logger: logger).decode(type) { rows.append(row) }
        return rows
    }

    /// The first row of `query` decoded as `T`, nil when it has none.
    func first<each Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as type: (repeat each Column).Type, logger: Logger
    ) async throws -> (repeat each Column)? {
        for try await row in try await self.query(query, logger: logger).decode(type) { return row }
        return nil
    }

    /// Runs a statement and discards what it returns.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        try await self.query(query, logger: logger)
    }
}
