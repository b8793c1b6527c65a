import Foundation

/// Where a PostgreSQL store is: `postgresql://user[:password]@host[:port]/dbname[?sslmode=MODE]` (or
/// `postgres://`), the connection URI of libpq (<https://www.postgresql.org/docs/15/libpq-connect.html>) in the
/// subset feedd supports.
///
/// The password may be written `$NAME`, read from the environment like the configuration's other `$NAME` values;
/// without one, `PGPASSWORD` gives it, as libpq does. A host written percent-encoded with a leading `/`
/// (`%2Frun%2Fpostgresql`) is the folder of the server's Unix socket. Anything else in the URL (other query
/// parameters, several hosts, a missing user or database) is refused with a sentence that says what is wrong.
public struct PostgresLocation: Sendable, Hashable {
    /// How the connection uses TLS (libpq's `sslmode`).
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, else plain (libpq's default). Certificates are not checked.
        case prefer
        /// TLS or no connection. As libpq's `require`, the certificate is not checked against a CA.
        case require
    }

    /// The role to log in as.
    public var user: String
    /// The password, already taken from the environment when the URL named a variable or had none.
    public var password: String?
    /// The server's host name or address, or the folder of its Unix socket (starting with `/`).
    public var host: String
    /// The server's port (5432 unless given); also names the socket file in a socket folder.
    public var port: Int
    /// The database's name.
    public var database: String
    /// See ``SSLMode``; `prefer` unless given.
    public var sslMode: SSLMode

    /// Whether `text` names a PostgreSQL store rather than a SQLite path.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// The URL with its password left out, for logs and messages.
    public var redacted: String {
        let address = host.hasPrefix("/") ? Self.encode(host) : host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(Self.encode(user))@\(address):\(port)/\(Self.encode(database))?sslmode=\(sslMode)"
    }

    /// Parses `text` strictly; `environment` gives `$NAME` passwords and `PGPASSWORD`.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(PostgresLocationError)
    {
        guard let schemeEnd = text.range(of: "://"), Self.isPostgres(text) else {
            throw PostgresLocationError("\(text) is not a postgresql:// URL")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw PostgresLocationError("the URL names no database (postgresql://user@host/DBNAME)")
        }
        let authority = rest[..<slash]
        database = try Self.decode(rest[rest.index(after: slash)...], "the database name")
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("the URL names no database (postgresql://user@host/DBNAME)")
        }
        guard let at = authority.lastIndex(of: "@") else {
            throw PostgresLocationError("the URL names no user (postgresql://USER@host/dbname)")
        }
        let credentials = authority[..<at]
        let address = authority[authority.index(after: at)...]
        if let colon = credentials.firstIndex(of: ":") {
            user = try Self.decode(credentials[..<colon], "the user")
            let written = try Self.decode(credentials[credentials.index(after: colon)...], "the password")
            password = try Self.password(written, environment: environment)
        } else {
            user = try Self.decode(credentials, "the user")
            password = environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard !user.isEmpty else {
            throw PostgresLocationError("the URL names no user (postgresql://USER@host/dbname)")
        }
        (host, port) = try Self.hostAndPort(address)
        sslMode = .prefer
        try readQuery(query)
    }

    /// `$NAME` from the environment; any other text as written.
    private static func password(_ written: String, environment: [String: String]) throws(PostgresLocationError)
        -> String?
    {
        guard written.hasPrefix("$") else { return written.isEmpty ? nil : written }
        let name = String(written.dropFirst())
        guard let value = environment[name], !value.isEmpty else {
            throw PostgresLocationError("the password's environment variable \(name) is not set")
        }
        return value
    }

    /// `host`, `host:port`, `[v6]`, `[v6]:port`, or a percent-encoded socket folder.
    private static func hostAndPort(_ address: Substring) throws(PostgresLocationError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]") else {
                throw PostgresLocationError("the host \(address) has no closing ]")
            }
            host = address[address.index(after: address.startIndex)..<close]
            let after = address[address.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw PostgresLocationError("unexpected \(after) after the host") }
                portText = after.dropFirst()
            }
        } else if let colon = address.firstIndex(of: ":") {
            host = address[..<colon]
            portText = address[address.index(after: colon)...]
        } else {
            host = address
        }
        guard !host.isEmpty else {
            throw PostgresLocationError("the URL names no host (postgresql://user@HOST/dbname)")
        }
        if host.contains(",") { throw PostgresLocationError("several hosts are not supported") }
        var port = 5432
        if let portText {
            guard let number = Int(portText), portText.allSatisfy(\.isASCII), (1...65_535).contains(number) else {
                throw PostgresLocationError("the port \(portText) is not a number from 1 to 65535")
            }
            port = number
        }
        return (try decode(host, "the host"), port)
    }

    /// Only `sslmode` is understood; an unknown parameter is refused rather than silently ignored.
    private mutating func readQuery(_ query: Substring) throws(PostgresLocationError) {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            let value = parts.count > 1 ? parts[1] : ""
            guard name == "sslmode" else {
                throw PostgresLocationError("the URL parameter \(name) is not supported (only sslmode)")
            }
            guard let mode = SSLMode(rawValue: String(value)) else {
                let known = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw PostgresLocationError("sslmode \(value) is not supported (one of \(known))")
            }
            sslMode = mode
        }
    }

    private static func decode(_ text: Substring, _ what: String) throws(PostgresLocationError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw PostgresLocationError("\(what) has a broken percent escape")
        }
        return decoded
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: .urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/")))
            ?? text
    }
}

/// A `postgresql://` URL feedd cannot use; the sentence says why.
public struct PostgresLocationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
