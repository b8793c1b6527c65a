import Foundation

/// The PostgreSQL server tests use, named by `FEEDD_TEST_POSTGRES` (a `postgresql://` URL of a role that may create
/// databases; `make test` starts a throwaway cluster and sets it, see Scripts/with-postgres.sh). Each test gets a
/// database of its own, created through `psql` and dropped afterwards.
///
/// Without the variable the PostgreSQL variants of the tests are left out on a developer's machine, but not under
/// `CI=true`, where they run and fail: nothing is skipped unseen.
public enum PostgresTestServer {
    /// The server's URL, when one is given.
    public static let url: String? = ProcessInfo.processInfo.environment["FEEDD_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Whether the PostgreSQL variants run: with a server, and always on CI.
    public static let runsTests = url != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    /// `psql`, from Debian's postgresql-client.
    static let psql = ["/usr/bin/psql", "/usr/local/bin/psql"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Creates an empty database and returns its URL (the server's URL with the database's name).
    public static func createDatabase() throws -> String {
        guard let url else {
            throw PostgresTestServerError("FEEDD_TEST_POSTGRES is not set (make test starts a cluster and sets it)")
        }
        let name = "feedd_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try run("CREATE DATABASE \(name)", on: url)
        return url.replacingDatabase(with: name)
    }

    /// Drops a database made by ``createDatabase()``, closing the connections still open to it.
    public static func dropDatabase(_ databaseURL: String) {
        guard let url, let name = databaseURL.databaseName else { return }
        try? run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: url)
    }

    /// Runs one SQL command through psql against `url`.
    public static func run(_ sql: String, on url: String) throws {
        guard let psql else { throw PostgresTestServerError("psql is not installed") }
        let output = try ChildProcess.run(
            URL(fileURLWithPath: psql), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        guard output.status == 0 else { throw PostgresTestServerError("psql failed: \(output.stderr)") }
    }

    /// Gives `body` a fresh database's URL and drops the database afterwards.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        let database = try createDatabase()
        defer { dropDatabase(database) }
        return try await body(database)
    }
}

/// The test server cannot be used; the sentence says why.
public struct PostgresTestServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// A `postgresql://…/NAME?…` URL's database name.
    fileprivate var databaseName: String? {
        guard let scheme = range(of: "://") else { return nil }
        let rest = self[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        return String(rest[rest.index(after: slash)...].prefix { $0 != "?" })
    }

    /// The same URL naming another database.
    fileprivate func replacingDatabase(with name: String) -> String {
        guard let old = databaseName, let scheme = range(of: "://"),
            let slash = self[scheme.upperBound...].firstIndex(of: "/")
        else { return self }
        let start = index(after: slash)
        return replacingCharacters(in: start..<index(start, offsetBy: old.count), with: name)
    }
}
