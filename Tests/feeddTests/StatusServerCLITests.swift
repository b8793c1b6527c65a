import FeedTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `feedd run --listen`: health, readiness and Prometheus metrics scraped from the real daemon.
@Suite(.serialized) struct StatusServerCLITests {
    let workspace: CLIWorkspace

    init() throws { workspace = try CLIWorkspace("metrics") }

    /// A port nothing listens on now: the kernel's pick for a server that is then stopped.
    static func freePort() throws -> Int {
        let probe = try LoopbackServer { _ in TestResponse() }
        defer { probe.stop() }
        return probe.port
    }

    func config(_ feeds: [String]) throws -> String {
        try workspace.writeConfig("on_new_items: cat > /dev/null\n", feeds: feeds)
    }

    func get(_ url: String) async throws -> (Int, String, String?) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// The samples of a Prometheus text exposition, by `name{labels}` as written.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    @Test("healthz and readyz answer, and every metric is present and moves with the polls")
    func scrape() async throws {
        defer { workspace.close() }
        let config = try config(["news.rss", "papers.atom", "releases.rdf"])
        let port = try Self.freePort()
        let base = "http://127.0.0.1:\(port)"
        let process = try FeeddProcess.start(["run", "--config", config, "--listen", "127.0.0.1:\(port)"])
        defer { killIfRunning(process) }
        var metrics: [String: Double] = [:]
        try await waitUntil("three updated polls in /metrics") {
            metrics = (try? await get(base + "/metrics")).map { Self.samples($0.1) } ?? [:]
            return (metrics["feedd_polls_total{outcome=\"updated\"}"] ?? 0) >= 3
        }
        let health = try await get(base + "/healthz")
        #expect(health.0 == 200 && health.1 == "ok\n")
        #expect(try await get(base + "/readyz").0 == 200)
        let (status, text, type) = try await get(base + "/metrics")
        #expect(status == 200 && type?.hasPrefix("text/plain; version=0.0.4") == true)
        metrics = Self.samples(text)
        #expect(metrics["feedd_polls_total{outcome=\"updated\"}"] == 3)
        #expect(metrics["feedd_http_responses_total{class=\"2xx\"}"] == 3)
        #expect(metrics["feedd_new_items_total"] == 7)
        #expect(metrics["feedd_updated_items_total"] == 0)
        #expect((metrics["feedd_downloaded_bytes_total"] ?? 0) > 1000)
        #expect(metrics["feedd_poll_duration_seconds_count"] == 3)
        #expect(metrics["feedd_poll_duration_seconds_bucket{le=\"+Inf\"}"] == 3)
        #expect(metrics["feedd_feeds{state=\"ok\"}"] == 3)
        #expect(metrics["feedd_feeds{state=\"failing\"}"] == 0)
        #expect(metrics["feedd_hook_outbox_items{hook=\"command\"}"] != nil)

        // One more feed, and a broken one, through a reload: the counters move.
        _ = try self.config(["news.rss", "papers.atom", "releases.rdf", "missing.rss"])
        kill(process.processIdentifier, SIGHUP)
        try await waitUntil("a failed poll in /metrics") {
            metrics = Self.samples(try await get(base + "/metrics").1)
            return (metrics["feedd_polls_total{outcome=\"failed\"}"] ?? 0) >= 1
        }
        #expect(metrics["feedd_polls_total{outcome=\"failed\"}"] == 1)
        #expect(metrics["feedd_http_responses_total{class=\"4xx\"}"] == 1)
        #expect(metrics["feedd_poll_duration_seconds_count"] == 4)
        #expect(metrics["feedd_feeds{state=\"failing\"}"] == 1)

        _ = await stop(process)
        #expect(process.terminationStatus == 0)
    }

    @Test("a port already in use is a clear error naming the address")
    func portInUse() throws {
        defer { workspace.close() }
        let config = try config(["news.rss"])
        let taken = workspace.server.port
        let output = try FeeddProcess.run(["run", "--config", config, "--listen", "127.0.0.1:\(taken)"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("cannot listen on 127.0.0.1:\(taken)"), "\(output.stderr)")
        let bad = try FeeddProcess.run(["run", "--config", config, "--listen", "nowhere"])
        #expect(bad.status != 0 && bad.stderr.contains("--listen takes HOST:PORT"))
    }
}
