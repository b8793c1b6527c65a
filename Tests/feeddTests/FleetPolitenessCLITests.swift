import FeedTesting
import Foundation
import Synchronization
import Testing

/// per_host and min_host_gap across several `feedd run` (the real binary) on one PostgreSQL database: every feed
/// is on the one loopback server, which counts the requests it is answering at once and notes when each arrived.
/// Each worker alone would keep to the limits; only the store's host slots keep the three together to them.
@Suite(.serialized, .enabled(if: PostgresTestServer.runsTests)) struct FleetPolitenessCLITests {
    static let feeds = (1...18).map { "/p\($0).rss" }

    /// When each request arrived, in order.
    final class Arrivals: Sendable {
        let times = Mutex<[ContinuousClock.Instant]>([])

        func note() { times.withLock { $0.append(.now) } }
        var all: [ContinuousClock.Instant] { times.withLock { $0 } }
    }

    /// A one-item RSS document named after its path.
    static func document(_ path: String) -> TestResponse {
        let name = path.dropFirst().split(separator: ".").first ?? ""
        let body =
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(name)</title>"
            + "<item><guid>urn:\(name)</guid><title>\(name)</title></item></channel></rss>"
        return TestResponse(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Data(body.utf8))
    }

    /// Starts three workers on `database` with `settings`, each logging to a file of its own, and waits until every
    /// feed was requested and polled; returns the logs.
    static func threeWorkers(
        _ workspace: CLIWorkspace, _ database: String, settings: String, arrivals: Arrivals
    ) async throws -> [URL] {
        let config = try workspace.writeConfig(
            "defaults:\n  timeout: 20s\n  interval: 1h\n  concurrency: 2\n\(settings)",
            feeds: feeds.map { String($0.dropFirst()) })
        let logs = (1...3).map { workspace.folder.appendingPathComponent("worker-\($0).log") }
        let runs = try logs.map {
            try FeeddProcess.start(["run", "--config", config, "--database", database], stderr: $0)
        }
        defer { runs.forEach(killIfRunning) }
        try await waitUntil("every feed polled", timeout: .seconds(90)) {
            logs.map { FeeddProcess.logLines($0).filter { $0.contains("outcome=updated") }.count }.reduce(0, +)
                == feeds.count
        }
        for run in runs { #expect(await stop(run) == 0, "each run stops gracefully") }
        #expect(arrivals.all.count == feeds.count, "each feed requested once")
        // Each worker polled some of the feeds: the limits were shared, not kept by one worker doing everything.
        for log in logs {
            #expect(FeeddProcess.logLines(log).contains { $0.contains("outcome=updated") }, "\(log.lastPathComponent)")
        }
        return logs
    }

    @Test("three runs with per_host 2: the host never has more than two requests in flight")
    func perHost() async throws {
        let arrivals = Arrivals()
        let workspace = try CLIWorkspace("fleet-per-host") { request in
            arrivals.note()
            var response = Self.document(request.path)
            // Each answer takes a while, so that the workers' polls overlap.
            response.pace = .stall(.milliseconds(700))
            return response
        }
        defer { workspace.close() }
        try await PostgresTestServer.withDatabase { database in
            _ = try await Self.threeWorkers(workspace, database, settings: "  per_host: 2\n", arrivals: arrivals)
        }
        let peak = workspace.server.peakOpenRequests
        print("the most requests the host answered at once: \(peak)")
        #expect(peak <= 2)
        #expect(peak == 2, "the two slots were used together")
    }

    @Test("three runs with min_host_gap 1s: the host's requests arrive at least a second apart")
    func minimumGap() async throws {
        let arrivals = Arrivals()
        let workspace = try CLIWorkspace("fleet-gap") { request in
            arrivals.note()
            return Self.document(request.path)
        }
        defer { workspace.close() }
        try await PostgresTestServer.withDatabase { database in
            _ = try await Self.threeWorkers(
                workspace, database, settings: "  per_host: 4\n  min_host_gap: 1s\n", arrivals: arrivals)
        }
        let times = arrivals.all
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        print("the host's requests arrived \(gaps.min() ?? .zero) apart at the least")
        // A slot is granted on the database server's clock, and the request leaves a moment later (libcurl's
        // connect): two workers' moments differ by a few milliseconds, not by the tenth allowed here.
        #expect(gaps.allSatisfy { $0 >= .milliseconds(900) }, "\(gaps)")
    }
}
