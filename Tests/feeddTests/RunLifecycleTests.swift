import FeedTesting
import Foundation
import Synchronization
import Testing

/// `feedd run` over its life: stopped by SIGTERM in the middle of polling and started again, with `dump` running
/// beside it, and what `status` says about each feed. Real binary, real loopback server, real store.
@Suite(.serialized) struct RunLifecycleTests {
    /// Feeds whose item lists grow with a generation the test moves forward, each answer a little slow so that a
    /// signal lands while polls are in flight.
    final class GrowingFeeds: Sendable {
        private let current = Mutex(0)
        let stall: Duration

        init(stall: Duration) { self.stall = stall }

        var generation: Int {
            get { current.withLock { $0 } }
            set { current.withLock { $0 = newValue } }
        }

        /// Item ids of feed `feed` at generation `generation`: 5 items, one more per generation.
        static func ids(feed: Int, generation: Int) -> [String] { (0..<(5 + generation)).map { "f\(feed)-i\($0)" } }

        func respond(_ request: TestRequest) -> TestResponse {
            let name = request.path.dropFirst().split(separator: ".").first ?? ""
            guard name.hasPrefix("f"), let feed = Int(name.dropFirst()) else { return TestResponse(status: 404) }
            if feed < 0 { return TestResponse(status: 410) }
            var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed \(feed)</title>"
            xml += "<link>http://127.0.0.1/\(feed)</link><description>growing</description>"
            for id in Self.ids(feed: feed, generation: generation).reversed() {
                xml += "<item><title>Story \(id)</title><guid isPermaLink=\"false\">\(id)</guid></item>"
            }
            xml += "</channel></rss>"
            return TestResponse(
                status: 200, headers: [("Content-Type", "application/rss+xml")], body: Data(xml.utf8),
                pace: .stall(stall))
        }
    }

    let temporary: TemporaryFolder
    var folder: URL { temporary.url }

    init() throws { temporary = try TemporaryFolder("life") }

    func config(_ server: LoopbackServer, feeds: Int, extra: String = "") throws -> String {
        try FeeddConfig.write(
            in: folder, settings: "defaults:\n  timeout: 10s\n  interval: 1s\n  startup_spread: 1s\n\(extra)",
            feeds: (0..<feeds).map { server.url("/f\($0).rss") })
    }

    /// The `feed_url|id` of each item a dump printed.
    func dump(_ config: String, consumer: String = "life") throws -> [String] {
        let output = try FeeddProcess.run(["dump", "--config", config, "--consumer", consumer, "--lines"])
        #expect(output.status == 0, "dump failed: \(output.stderr)")
        #expect(!output.stderr.contains("locked"), "\(output.stderr)")
        return try output.stdout.split(separator: "\n").map { line in
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return "\(object["feed_url"] as? String ?? "?")|\(object["id"] as? String ?? "?")"
        }
    }

    func expected(_ server: LoopbackServer, feeds: Int, generation: Int) -> Set<String> {
        Set(
            (0..<feeds).flatMap { feed in
                GrowingFeeds.ids(feed: feed, generation: generation).map { "\(server.url("/f\(feed).rss"))|\($0)" }
            })
    }

    /// Growing feeds whose answers wait `stall`, served from a loopback server; the server stops and the test's
    /// folder goes once `body` returns.
    func withGrowingFeeds(
        stall: Duration, _ body: (_ feeds: GrowingFeeds, _ server: LoopbackServer) async throws -> Void
    ) async throws {
        defer { temporary.remove() }
        let feeds = GrowingFeeds(stall: stall)
        let server = try LoopbackServer { feeds.respond($0) }
        defer { server.stop() }
        try await body(feeds, server)
    }

    /// SIGTERM and waits (at most 10 s) for exit 0.
    func stopRun(_ process: Process) async {
        let status = await stop(process, within: .seconds(10))
        #expect(status != nil, "SIGTERM stops feedd run within 10 s")
        #expect(process.terminationStatus == 0)
    }

    @Test func sigtermDuringPollingThenRestartLosesAndRepeatsNothing() async throws {
        try await withGrowingFeeds(stall: .milliseconds(300)) { feeds, server in
            let count = 30
            let config = try config(server, feeds: count)
            let first = try FeeddProcess.start(["run", "--config", config])
            try await waitUntil("ten polls under way") { server.requests.count >= 10 }
            await stopRun(first)
            #expect(server.requests.count < count * 2, "the signal landed while the first round was polling")
            var printed = try dump(config)

            feeds.generation = 1
            let restartedAt = server.requests.count
            let second = try FeeddProcess.start(["run", "--config", config])
            try await waitUntil("every feed polled again") {
                Set(server.requests.dropFirst(restartedAt).map(\.path)).count == count
            }
            let status = try FeeddProcess.run(["status", "--config", config, "--json"])
            #expect(status.status == 0 && status.stdout.contains("\"interval_reason\" : \"configured\""), "\(status)")
            await stopRun(second)
            printed += try dump(config)
            // Whatever the second stop interrupted, a fetch completes; the dumps together hold every item once.
            #expect(try FeeddProcess.run(["fetch", "--config", config]).status == 0)
            printed += try dump(config)
            #expect(printed.count == Set(printed).count, "no item dumped twice across the restart")
            #expect(Set(printed) == expected(server, feeds: count, generation: 1), "no item lost")
            #expect(try FeeddProcess.run(["check", "--config", config]).stdout == "ok\n")
        }
    }

    @Test func dumpBesideRunNeverFailsNorRepeats() async throws {
        try await withGrowingFeeds(stall: .milliseconds(20)) { feeds, server in
            let count = 10
            let config = try config(server, feeds: count)
            let run = try FeeddProcess.start(["run", "--config", config])
            defer { killIfRunning(run) }
            var printed: [String] = []
            // Each generation: dumps one after another until the run has polled every feed again, so dumps and the
            // run's commits interleave over several rounds of polls, paced by the polls themselves.
            let generations = 4
            for round in 0..<generations {
                feeds.generation = round
                let before = server.requests.count
                try await waitUntil("every feed polled at generation \(round), dumps beside") {
                    printed += try dump(config)
                    return Set(server.requests.dropFirst(before).map(\.path)).count == count
                }
            }
            await stopRun(run)
            #expect(try FeeddProcess.run(["fetch", "--config", config]).status == 0)
            printed += try dump(config)
            #expect(printed.count == Set(printed).count, "no item dumped twice")
            #expect(Set(printed) == expected(server, feeds: count, generation: generations - 1), "every item dumped")
        }
    }

    @Test func statusShowsIntervalReasonNextPollAndGone() async throws {
        try await withGrowingFeeds(stall: .zero) { feeds, server in
            let gone = server.url("/f-1.rss")
            var config = try self.config(server, feeds: 1)
            // An adaptive feed (no interval anywhere) and one that answers 410.
            var yaml = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(
                of: "  interval: 1s\n", with: "")
            yaml += "  - \(gone)\n"
            try yaml.write(toFile: config, atomically: true, encoding: .utf8)
            config = folder.appendingPathComponent("feedd.yaml").path
            let fetch = try FeeddProcess.run(["fetch", "--config", config, "--log-level", "info"])
            // One structured line per poll: feed, outcome, status, new/updated items, bytes, duration, next poll, why.
            let line = try #require(fetch.stderr.split(separator: "\n").first { $0.contains("f0.rss") })
            for field in [
                "outcome=updated", "status=200", "new=5", "updated=0", "bytes=", "duration_ms=", "next=",
                "next_reason=adaptive", "interval_s=",
            ] {
                #expect(line.contains(field), "\(line)")
            }
            #expect(fetch.stderr.contains("next_reason=gone"), "\(fetch.stderr)")

            let output = try FeeddProcess.run(["status", "--config", config, "--json"])
            let rows = try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
            #expect(rows.count == 2)
            let adaptive = rows[0]
            #expect(adaptive["interval_reason"] as? String == "adaptive")
            #expect(adaptive["next_poll"] is String)
            // A first document says nothing about the rate and the feed has just begun to be observed: the shortest
            // observation (1 h) / 1.25 = 2,880 s, ±10 % jitter (not the 24 h maximum).
            let seconds = try #require(adaptive["interval_seconds"] as? Int)
            #expect(seconds >= 2_592 && seconds <= 3_168, "\(seconds) s")
            let goneRow = rows[1]
            #expect(goneRow["gone"] as? Bool == true && goneRow["interval_reason"] as? String == "gone")
            #expect(goneRow["next_poll"] == nil && (goneRow["error"] as? String)?.contains("410") == true)
            let table = try FeeddProcess.run(["status", "--config", config]).stdout
            #expect(table.contains("(adaptive)") && table.contains("never (gone"), "\(table)")

            // fetch does not request a gone feed; `feeds enable` brings it back.
            let before = server.requests.count
            _ = try FeeddProcess.run(["fetch", "--config", config, gone])
            #expect(server.requests.count == before)
            #expect(try FeeddProcess.run(["feeds", "enable", "--config", config, gone]).status == 0)
            let after = try FeeddProcess.run(["status", "--config", config, "--json"]).stdout
            #expect(after.contains("\"gone\" : false") && !after.contains("\"gone\" : true"), "\(after)")
            let unknown = try FeeddProcess.run(["feeds", "enable", "--config", config, "https://nowhere.example/"])
            #expect(
                unknown.status != 0 && unknown.stderr.contains("neither a configured nor a stored feed"),
                "\(unknown.stderr)")
        }
    }
}
