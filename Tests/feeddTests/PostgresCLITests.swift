import FeedModel
import FeedTesting
import Foundation
import Testing

/// The real binary on a PostgreSQL store (`--database postgresql://…`, a database of its own on the test server)
/// against the loopback feed server: fetch, refetch conditionally, dump each item once per consumer.
@Suite(.serialized, .enabled(if: PostgresTestServer.runsTests)) struct PostgresCLITests {
    static let fixtureFeeds = ["news.rss": 3, "papers.atom": 2, "releases.rdf": 2]

    @Test("fetch, a conditional refetch and dump on a postgresql:// store: every item once per consumer")
    func fetchThenDump() async throws {
        let workspace = try CLIWorkspace("postgres-cli")
        defer { workspace.close() }
        try await PostgresTestServer.withDatabase { database in
            let config = try workspace.writeConfig(
                "defaults:\n  timeout: 10s\n", feeds: Self.fixtureFeeds.keys.sorted())
            let total = Self.fixtureFeeds.values.reduce(0, +)
            func feedd(_ arguments: [String]) throws -> ProcessOutput {
                let output = try FeeddProcess.run(arguments + ["--config", config, "--database", database])
                #expect(output.status == 0, "feedd \(arguments.joined(separator: " ")): \(output.stderr)")
                return output
            }
            #expect(try feedd(["fetch"]).stdout.contains("3 feeds: 3 updated, 0 not modified, 0 failed; \(total) new"))
            let before = workspace.server.requests.count
            #expect(try feedd(["fetch"]).stdout.contains("3 feeds: 0 updated, 3 not modified, 0 failed; 0 new"))
            let refetches = workspace.server.requests.dropFirst(before)
            #expect(refetches.count == 3 && refetches.allSatisfy { $0.headers["if-none-match"] != nil })

            let items = try records(feedd(["dump", "--consumer", "a", "--lines"]).stdout)
            let seqs = items.compactMap { $0["seq"] as? Int }
            #expect(seqs.count == total && seqs == seqs.sorted() && Set(seqs).count == total)
            #expect(items.allSatisfy { ($0["feed_url"] as? String)?.hasPrefix(workspace.server.baseURL) == true })
            #expect(try records(feedd(["dump", "--consumer", "a", "--lines"]).stdout).isEmpty, "nothing twice")
            #expect(try records(feedd(["dump", "--consumer", "b", "--lines"]).stdout).count == total)
            // The environment names the store as well as --database does; `check` finds it sound.
            let check = try FeeddProcess.run(["check", "--config", config], environment: ["FEEDD_DATABASE": database])
            #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
            // No SQLite file was made beside the configuration.
            #expect(
                !FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("feedd.sqlite").path))
        }
    }

    func records(_ lines: String) throws -> [[String: Any]] {
        try lines.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}
