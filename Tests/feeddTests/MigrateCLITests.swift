import FeedTesting
import Foundation
import Synchronization
import Testing

/// `feedd migrate --to postgresql://…` with the real binary: a consumer that dumped part of the items from the
/// SQLite store dumps the rest from the database, nothing twice and nothing missed, and items polled after the move
/// come after the old ones.
@Suite(.serialized, .enabled(if: PostgresTestServer.runsTests)) struct MigrateCLITests {
    static let feeds = ["f1.rss", "f2.rss", "f3.rss"]

    /// An RSS document of the first `count` items of the feed at `path`, newest first, named after the path.
    static func document(_ path: String, items count: Int) -> TestResponse {
        let name = path.dropFirst().split(separator: ".").first ?? ""
        let items = (1...count).reversed().map { index in
            "<item><guid>urn:\(name):\(index)</guid><title>\(name) item \(index)</title>"
                + "<link>http://127.0.0.1/\(name)/\(index)</link></item>"
        }.joined()
        let body = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(name)</title>\(items)</channel></rss>"
        return TestResponse(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Data(body.utf8))
    }

    /// The ids and seqs of the items a dump of consumer `a` hands out.
    static func dump(_ arguments: [String]) throws -> [(id: String, seq: Int)] {
        let output = try FeeddProcess.run(["dump", "--consumer", "a", "--lines"] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        return try output.stdout.split(separator: "\n").map {
            let record = try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            return (try #require(record["id"] as? String), try #require(record["seq"] as? Int))
        }
    }

    static func ids(_ count: Int) -> Set<String> {
        Set(feeds.flatMap { feed in (1...count).map { "urn:\(feed.prefix { $0 != "." }):\($0)" } })
    }

    @Test("a consumer dumps part from SQLite, the rest from PostgreSQL after migrate, then the items polled after")
    func dumpAcrossTheMove() async throws {
        let listed = Mutex(3)
        let workspace = try CLIWorkspace("migrate") { request in
            Self.document(request.path, items: listed.withLock { $0 })
        }
        defer { workspace.close() }
        try await PostgresTestServer.withDatabase { database in
            let config = try workspace.writeConfig("defaults:\n  timeout: 10s\n", feeds: Self.feeds)
            let fetched = try FeeddProcess.run(["fetch", "--config", config])
            #expect(fetched.status == 0, "\(fetched.stderr)")
            let before = try Self.dump(["--config", config, "--limit", "4"])
            #expect(before.count == 4)

            // A `feedd run` polling the SQLite store keeps migrate from copying it.
            let log = workspace.folder.appendingPathComponent("run.log")
            let run = try FeeddProcess.start(["run", "--config", config], stderr: log)
            try await waitUntil("the run polling") {
                FeeddProcess.logLines(log).contains { $0.contains("poller (re)started") }
            }
            let refused = try FeeddProcess.run(["migrate", "--config", config, "--to", database])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("another feedd run (pid \(run.processIdentifier))"), "\(refused.stderr)")
            #expect(await stop(run) == 0)

            let migrated = try FeeddProcess.run(["migrate", "--config", config, "--to", database])
            #expect(migrated.status == 0, "\(migrated.stderr)")
            #expect(migrated.stdout.contains("9 item"), "\(migrated.stdout)")
            let again = try FeeddProcess.run(["migrate", "--config", config, "--to", database])
            #expect(again.status != 0)
            #expect(again.stderr.contains("is not empty"), "\(again.stderr)")

            let after = try Self.dump(["--config", config, "--database", database])
            let handed = (before + after).map(\.id)
            #expect(handed.count == Set(handed).count, "nothing twice")
            #expect(Set(handed) == Self.ids(3), "nothing missed")

            listed.withLock { $0 = 5 }
            let polled = try FeeddProcess.run(["fetch", "--config", config, "--database", database])
            #expect(polled.status == 0, "\(polled.stderr)")
            #expect(polled.stdout.contains("6 new items"), "\(polled.stdout)")
            let new = try Self.dump(["--config", config, "--database", database])
            #expect(Set(new.map(\.id)) == Self.ids(5).subtracting(Self.ids(3)))
            let oldest = try #require(new.map(\.seq).min())
            #expect(oldest > (before + after).map(\.seq).max() ?? 0, "new items after the old ones")
            let check = try FeeddProcess.run(["check", "--config", config, "--database", database])
            #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        }
    }
}
