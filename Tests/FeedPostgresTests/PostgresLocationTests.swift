import Testing

@testable import FeedPostgres

@Suite("postgresql:// URLs")
struct PostgresLocationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var url: String
        var user: String
        var password: String?
        var host: String
        var port: Int
        var database: String
        var sslMode: PostgresLocation.SSLMode
        var testDescription: String { url }
    }

    static let environment = ["FEEDD_PG_SECRET": "s3cret", "PGPASSWORD": "from-pgpassword"]

    @Test(
        "a URL's parts",
        arguments: [
            Case(
                url: "postgresql://feedd@db.example:5433/feeds", user: "feedd", password: "from-pgpassword",
                host: "db.example", port: 5433, database: "feeds", sslMode: .prefer),
            Case(
                url: "postgres://feedd:pw@127.0.0.1/feeds?sslmode=disable", user: "feedd", password: "pw",
                host: "127.0.0.1", port: 5432, database: "feeds", sslMode: .disable),
            Case(
                url: "postgresql://feedd:$FEEDD_PG_SECRET@[::1]:6000/feeds?sslmode=require", user: "feedd",
                password: "s3cret", host: "::1", port: 6000, database: "feeds", sslMode: .require),
            Case(
                url: "postgresql://us%40er:p%3Aw%2F@h/my%20db", user: "us@er", password: "p:w/", host: "h", port: 5432,
                database: "my db", sslMode: .prefer),
            Case(
                url: "postgresql://feedd@%2Frun%2Fpostgresql/feeds", user: "feedd", password: "from-pgpassword",
                host: "/run/postgresql", port: 5432, database: "feeds", sslMode: .prefer),
        ])
    func parts(_ expected: Case) throws {
        let location = try PostgresLocation(parsing: expected.url, environment: Self.environment)
        #expect(location.user == expected.user)
        #expect(location.password == expected.password)
        #expect(location.host == expected.host)
        #expect(location.port == expected.port)
        #expect(location.database == expected.database)
        #expect(location.sslMode == expected.sslMode)
    }

    @Test("without a password in the URL nor PGPASSWORD, none is sent")
    func noPassword() throws {
        #expect(try PostgresLocation(parsing: "postgresql://u@h/d", environment: [:]).password == nil)
    }

    @Test(
        "a URL feedd cannot use is refused with a sentence that says why",
        arguments: [
            ("postgresql://h/feeds", "names no user"),
            ("postgresql://u@h", "names no database"),
            ("postgresql://u@h/", "names no database"),
            ("postgresql://u@/feeds", "names no host"),
            ("postgresql://u@h:0/feeds", "the port 0 is not a number from 1 to 65535"),
            ("postgresql://u@h:70000/feeds", "the port 70000"),
            ("postgresql://u@h:54x/feeds", "the port 54x"),
            ("postgresql://u@h1,h2/feeds", "several hosts are not supported"),
            ("postgresql://u@h/feeds?sslmode=verify-full", "sslmode verify-full is not supported"),
            ("postgresql://u@h/feeds?connect_timeout=5", "the URL parameter connect_timeout is not supported"),
            (
                "postgresql://u:$FEEDD_PG_MISSING@h/feeds",
                "the password's environment variable FEEDD_PG_MISSING is not set"
            ),
            ("postgresql://u@[::1/feeds", "has no closing ]"),
            ("mysql://u@h/feeds", "is not a postgresql:// URL"),
        ])
    func refused(_ url: String, _ message: String) {
        let error = #expect(throws: PostgresLocationError.self) {
            try PostgresLocation(parsing: url, environment: Self.environment)
        }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test("which database strings are PostgreSQL URLs; the rest are SQLite paths")
    func backendChoice() {
        #expect(PostgresLocation.isPostgres("postgresql://u@h/d"))
        #expect(PostgresLocation.isPostgres("postgres://u@h/d"))
        #expect(!PostgresLocation.isPostgres("/var/lib/feedd/feedd.sqlite"))
        #expect(!PostgresLocation.isPostgres("postgresql.sqlite"))
        #expect(!PostgresLocation.isPostgres("state/postgres://x"))
    }

    @Test("the redacted URL leaves the password out")
    func redacted() throws {
        let location = try PostgresLocation(parsing: "postgresql://u:secret@h:5433/d?sslmode=require", environment: [:])
        #expect(location.redacted == "postgresql://u@h:5433/d?sslmode=require")
    }
}
