import FeedTesting
import Foundation
import Synchronization
import Testing

/// `feedd fetch` (the real binary) beside a `feedd run` worker on one PostgreSQL database: the fetch polls every
/// feed the worker is not polling, and skips, with a message, the one the worker holds (its answer stalled).
@Suite(.serialized, .enabled(if: PostgresTestServer.runsTests)) struct FetchBesideRunsCLITests {
    static let feeds = (1...4).map { "/b\($0).rss" }
    static let held = "/held.rss"

    /// How many times each path was requested.
    final class Counts: Sendable {
        let counts = Mutex<[String: Int]>([:])

        func note(_ path: String) -> Int {
            counts.withLock { counts in
                counts[path, default: 0] += 1
                return counts[path]!
            }
        }

        func of(_ path: String) -> Int { counts.withLock { $0[path] ?? 0 } }
    }

    @Test("a fetch beside a worker skips the feed the worker is polling and polls the others")
    func fetchBesideWorker() async throws {
        let counts = Counts()
        let workspace = try CLIWorkspace("fetch-beside-run") { request in
            var response = FleetPolitenessCLITests.document(request.path)
            // The worker's request for the held feed hangs until the worker stops.
            if counts.note(request.path) == 1, request.path == Self.held { response.pace = .stall(.seconds(40)) }
            return response
        }
        defer { workspace.close() }
        try await PostgresTestServer.withDatabase { database in
            let paths = Self.feeds + [Self.held]
            let config = try workspace.writeConfig(
                "defaults:\n  timeout: 60s\n  interval: 1h\n", feeds: paths.map { String($0.dropFirst()) })
            let run = try FeeddProcess.start(["run", "--config", config, "--database", database])
            defer { killIfRunning(run) }
            try await waitUntil("the worker polled every feed, the held one hanging", timeout: .seconds(30)) {
                paths.allSatisfy { counts.of($0) == 1 } && workspace.server.openRequests(path: Self.held) == 1
            }
            let fetch = try FeeddProcess.run(["fetch", "--config", config, "--database", database, "--quiet"])
            #expect(fetch.status == 0, "\(fetch.stderr)")
            #expect(
                fetch.stderr.contains(
                    "\(workspace.server.url(Self.held)): skipped (a feedd run worker is polling it now"),
                "\(fetch.stderr)")
            #expect(fetch.stdout.contains("5 feeds: 0 updated, 4 not modified"), "\(fetch.stdout)")
            #expect(counts.of(Self.held) == 1, "the held feed is not requested by the fetch")
            #expect(Self.feeds.allSatisfy { counts.of($0) == 2 }, "the others are polled again")
            #expect(await stop(run) == 0, "the worker stops gracefully")
        }
    }
}
