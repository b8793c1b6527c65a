import FeedTesting
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Several `feedd run` (the real binary) on one PostgreSQL database behind the loopback feed server, which notes
/// when each feed was requested: each feed is requested once per due time whichever worker polls it, every item is
/// dumped once, and a worker killed mid-poll hands its feed to the others within the lease.
@Suite(.serialized, .enabled(if: PostgresTestServer.runsTests)) struct SeveralRunsCLITests {
    static let feeds = (1...9).map { "/f\($0).rss" }
    static let itemsPerFeed = 3
    /// The lease the runs are configured with: short, so that a killed worker's feed moves on quickly.
    static let lease = 3

    /// When each path was requested, and how many requests the server answered for it.
    final class Requests: Sendable {
        let times = Mutex<[String: [ContinuousClock.Instant]]>([:])

        func note(_ path: String) -> Int {
            times.withLock { times in
                times[path, default: []].append(.now)
                return times[path]!.count
            }
        }

        func count(_ path: String) -> Int { times.withLock { $0[path]?.count ?? 0 } }
        func of(_ path: String) -> [ContinuousClock.Instant] { times.withLock { $0[path] ?? [] } }
    }

    /// An RSS document whose items are named after its path, so that every feed's items are its own.
    static func document(_ path: String) -> TestResponse {
        let name = path.dropFirst().split(separator: ".").first ?? ""
        let items = (1...itemsPerFeed).map { index in
            "<item><guid>urn:\(name):\(index)</guid><title>\(name) item \(index)</title>"
                + "<link>http://127.0.0.1/\(name)/\(index)</link></item>"
        }.joined()
        let body = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(name)</title>\(items)</channel></rss>"
        return TestResponse(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Data(body.utf8))
    }

    static func config(_ workspace: CLIWorkspace, interval: String, feeds: [String]) throws -> String {
        try workspace.writeConfig(
            "defaults:\n  timeout: 20s\n  interval: \(interval)\n  lease: \(lease)s\n",
            feeds: feeds.map { String($0.dropFirst()) })
    }

    /// The items a consumer's dump hands out, by id.
    static func dump(_ config: String, _ database: String) throws -> [String] {
        let output = try FeeddProcess.run(
            ["dump", "--config", config, "--database", database, "--consumer", "a", "--lines"])
        #expect(output.status == 0, "\(output.stderr)")
        return try output.stdout.split(separator: "\n").map {
            let record = try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            return try #require(record["id"] as? String)
        }
    }

    static var allItems: Set<String> {
        Set(
            feeds.flatMap { path in
                let name = path.dropFirst().split(separator: ".").first ?? ""
                return (1...itemsPerFeed).map { "urn:\(name):\($0)" }
            })
    }

    @Test("three runs on one database: each feed requested once per due time, every item dumped once")
    func threeRuns() async throws {
        let requests = Requests()
        let workspace = try CLIWorkspace("several-runs") { request in
            _ = requests.note(request.path)
            return Self.document(request.path)
        }
        defer { workspace.close() }
        try await PostgresTestServer.withDatabase { database in
            let config = try Self.config(workspace, interval: "2s", feeds: Self.feeds)
            let runs = try (0..<3).map { _ in
                try FeeddProcess.start(["run", "--config", config, "--database", database])
            }
            defer { runs.forEach(killIfRunning) }
            try await waitUntil("every feed polled twice", timeout: .seconds(60)) {
                Self.feeds.allSatisfy { requests.count($0) >= 2 }
            }
            var dumped = try Self.dump(config, database)
            try await waitUntil("every feed polled four times", timeout: .seconds(60)) {
                Self.feeds.allSatisfy { requests.count($0) >= 4 }
            }
            for run in runs { #expect(await stop(run) == 0, "each run stops gracefully") }
            dumped += try Self.dump(config, database)
            #expect(dumped.count == Set(dumped).count, "no item dumped twice")
            #expect(Set(dumped) == Self.allItems, "every item dumped")
            // Once per due time: a feed's requests are an interval apart (2 s, jittered), never two at once.
            for path in Self.feeds {
                let times = requests.of(path)
                let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
                #expect(gaps.allSatisfy { $0 > .seconds(1) }, "\(path): requests \(gaps) apart")
                #expect(workspace.server.peakOpenRequests(path: path) == 1)
            }
        }
    }

    @Test("kill -9 of a worker mid-poll: its feed is polled by the others within the lease, nothing else again")
    func killedWorker() async throws {
        let requests = Requests()
        let stalled = "/stalled.rss"
        let workspace = try CLIWorkspace("killed-run") { request in
            var response = Self.document(request.path)
            // The first request for the stalled feed hangs until the test ends; the next is answered.
            if requests.note(request.path) == 1, request.path == stalled { response.pace = .stall(.seconds(40)) }
            return response
        }
        defer { workspace.close() }
        try await PostgresTestServer.withDatabase { database in
            let paths = Self.feeds + [stalled]
            let config = try Self.config(workspace, interval: "1h", feeds: paths)
            let first = try FeeddProcess.start(["run", "--config", config, "--database", database])
            defer { killIfRunning(first) }
            try await waitUntil("the first worker polled every feed, the stalled one hanging", timeout: .seconds(30)) {
                paths.allSatisfy { requests.count($0) == 1 } && workspace.server.openRequests(path: stalled) == 1
            }
            let logs = (1...2).map { workspace.folder.appendingPathComponent("run-\($0).log") }
            let others = try logs.map {
                try FeeddProcess.start(["run", "--config", config, "--database", database], stderr: $0)
            }
            defer { others.forEach(killIfRunning) }
            try await waitUntil("the other workers polling") {
                logs.allSatisfy { FeeddProcess.logLines($0).contains { $0.contains("poller (re)started") } }
            }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            let killed = ContinuousClock.now
            try await waitUntil("another worker polls the stalled feed", timeout: .seconds(30)) {
                requests.count(stalled) == 2
            }
            let moved = ContinuousClock.now - killed
            // The lease ran out at most `lease` after the kill; a refused worker looks again a third of it later.
            #expect(moved < .seconds(Self.lease * 2 + 2), "moved after \(moved)")
            print("the killed worker's feed was polled again \(moved) after the kill")
            for run in others { #expect(await stop(run) == 0, "each run stops gracefully") }
            #expect(Self.feeds.allSatisfy { requests.count($0) == 1 }, "no feed polled twice in its due time")
            let dumped = try Self.dump(config, database)
            #expect(dumped.count == Set(dumped).count, "no item dumped twice")
            let name = "stalled"
            #expect(Set(dumped) == Self.allItems.union((1...Self.itemsPerFeed).map { "urn:\(name):\($0)" }))
        }
    }
}
