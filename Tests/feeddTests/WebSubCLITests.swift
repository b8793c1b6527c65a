import FeedModel
import FeedTesting
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// WebSub end to end: the real `feedd run --listen` with `websub.callback`, a feed naming a loopback hub
/// (``WebSubHub``), the hub verifying and pushing.
@Suite(.serialized) struct WebSubCLITests {
    /// The published feed, served by the workspace's server and pushed by the hub.
    final class Publisher: Sendable {
        let feed = Mutex(HubFeed(topic: ""))
        let hub = Mutex("")

        func handle(_ request: TestRequest) -> TestResponse {
            guard request.path == "/feed.atom" else { return TestResponse(status: 404) }
            let (feed, hub) = (feed.withLock { $0 }, hub.withLock { $0 })
            return TestResponse(
                status: 200, headers: [("Content-Type", "application/atom+xml")], body: feed.document(hub: hub))
        }
    }

    let workspace: CLIWorkspace
    let publisher = Publisher()
    let port: Int

    init() throws {
        let publisher = self.publisher
        workspace = try CLIWorkspace("websub") { publisher.handle($0) }
        port = try Self.freePort()
    }

    var topic: String { workspace.server.url("/feed.atom") }
    var log: URL { workspace.folder.appendingPathComponent("run.log") }
    var hookFile: URL { workspace.folder.appendingPathComponent("hook.jsonl") }

    static func freePort() throws -> Int {
        let probe = try LoopbackServer { _ in TestResponse() }
        defer { probe.stop() }
        return probe.port
    }

    static func entry(_ name: String) -> HubFeed.Entry {
        HubFeed.Entry(
            id: "https://blog.example/\(name)", title: "Post \(name)",
            updated: Date(timeIntervalSince1970: 1_767_225_600))
    }

    /// Serves a feed of one entry naming `hub`, writes the configuration and starts `feedd run --listen`.
    func start(hub: WebSubHub, feeds: [String] = ["feed.atom"]) throws -> (Process, String) {
        publisher.hub.withLock { $0 = hub.url }
        publisher.feed.withLock { $0 = HubFeed(topic: topic, entries: [Self.entry("one")]) }
        let config = try config(feeds: feeds)
        let process = try FeeddProcess.start(
            ["run", "--config", config, "--listen", "127.0.0.1:\(port)"], stderr: log)
        return (process, config)
    }

    func config(feeds: [String]) throws -> String {
        try workspace.writeConfig(
            "websub:\n  callback: http://127.0.0.1:\(port)/websub\non_new_items: cat >> \(hookFile.path)\n",
            feeds: feeds)
    }

    func dumped() throws -> [String] {
        let output = try FeeddProcess.run(
            [
                "dump", "--config", workspace.folder.appendingPathComponent("feedd.yaml").path, "--consumer", "t",
                "--peek", "--lines",
            ])
        return output.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["title"] as? String
        }
    }

    func hooked() -> [String] {
        ((try? String(contentsOf: hookFile, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["title"] as? String
        }
    }

    func status() throws -> [String: Any] {
        let output = try FeeddProcess.run(
            ["status", "--json", "--config", workspace.folder.appendingPathComponent("feedd.yaml").path])
        let rows = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]
        return try #require(rows?.first)
    }

    func metric(_ name: String) async throws -> Double? {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last!)
        }
        return nil
    }

    /// Starts feedd with a feed naming `hub`, waits for the hub to verify its subscription, runs `body`, then stops
    /// feedd, which must exit 0.
    func withSubscribedRun(_ hub: WebSubHub, _ body: (Process) async throws -> Void) async throws {
        let (process, _) = try start(hub: hub)
        defer { killIfRunning(process) }
        try await waitUntil("the hub verified feedd's subscription", timeout: .seconds(20)) {
            !hub.subscriptions(topic: topic).isEmpty
        }
        try await body(process)
        _ = await stop(process)
        #expect(process.terminationStatus == 0)
    }

    @Test("subscribe, verify, push a new item (a diff): it is in dump and handed to the hook at once, unpolled")
    func pushReachesDumpAndHook() async throws {
        defer { workspace.close() }
        let hub = try WebSubHub(clock: SystemClock())
        defer { hub.stop() }
        try await withSubscribedRun(hub) { _ in try await pushReachesDumpAndHook(hub) }
    }

    func pushReachesDumpAndHook(_ hub: WebSubHub) async throws {
        let verification = try #require(hub.verifications.first)
        #expect(verification.mode == .subscribe && verification.confirmed)
        #expect(verification.callback.hasPrefix("http://127.0.0.1:\(port)/websub/"))
        try await waitUntil("the first item handed to the hook") { hooked() == ["Post one"] }
        let row = try status()
        #expect(row["push"] as? String == "active" && row["push_until"] != nil, "\(row)")
        let table = try FeeddProcess.run(
            ["status", "--config", workspace.folder.appendingPathComponent("feedd.yaml").path]
        ).stdout
        #expect(table.contains("PUSH") && table.contains("active until \(row["push_until"] as? String ?? "?")"))
        let polls = workspace.server.requests.count

        // The hub already pushed "one" (a poll found it): a diff holds only the new entry.
        _ = await hub.publish(HubFeed(topic: topic, entries: [Self.entry("one")]), payload: .diff)
        let published = ContinuousClock.now
        let deliveries = await hub.publish(
            HubFeed(topic: topic, entries: [Self.entry("one"), Self.entry("two")]), payload: .diff)
        #expect(deliveries.map(\.status) == [202])
        try await waitUntil("the pushed item handed to the hook") { hooked() == ["Post one", "Post two"] }
        let latency = ContinuousClock.now - published
        #expect(latency < .seconds(1), "publication to hook took \(latency)")
        #expect(try dumped() == ["Post one", "Post two"])
        #expect(workspace.server.requests.count == polls, "the item came by push, not by a poll")
        #expect(try await metric("feedd_websub_pushes_total") == 2)
    }

    @Test("a forged or unsigned push stores nothing and is still answered 2xx")
    func forgedPushStoresNothing() async throws {
        defer { workspace.close() }
        let hub = try WebSubHub(clock: SystemClock())
        defer { hub.stop() }
        try await withSubscribedRun(hub) { _ in try await forgedPushStoresNothing(hub) }
    }

    func forgedPushStoresNothing(_ hub: WebSubHub) async throws {
        try await waitUntil("the polled item in dump") { try dumped() == ["Post one"] }
        let feed = HubFeed(topic: topic, entries: [Self.entry("one"), Self.entry("forged")])
        let forged = await hub.publish(feed, signing: .forged(.sha256))
        let unsigned = await hub.publish(feed, signing: .unsigned)
        #expect(forged.map(\.status) == [202] && unsigned.map(\.status) == [202])
        try await waitUntil("two rejected signatures in /metrics") {
            try await metric("feedd_websub_rejected_signatures_total") == 2
        }
        #expect(try dumped() == ["Post one"])
        #expect(try await metric("feedd_websub_pushes_total") == 0)
        // A verification for a token feedd never handed out, or a path that is no token, is not confirmed.
        let query = "?hub.mode=subscribe&hub.topic=\(topic)&hub.challenge=guess"
        for path in ["/websub/" + String(repeating: "a", count: 32), "/websub/not-a-token"] {
            let (body, response) = try await URLSession.shared.data(
                from: URL(string: "http://127.0.0.1:\(port)\(path)\(query)")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 404 && body.isEmpty, "\(path)")
        }
    }

    @Test("a hub that never verifies leaves the feed pending and polled as before")
    func silentHub() async throws {
        defer { workspace.close() }
        let hub = try WebSubHub(clock: SystemClock(), verifies: false)
        defer { hub.stop() }
        let (process, _) = try start(hub: hub)
        defer { killIfRunning(process) }
        try await waitUntil("the subscription request at the hub") { !hub.requests.isEmpty }
        try await waitUntil("the polled item in dump") { try dumped() == ["Post one"] }
        let row = try status()
        #expect(row["push"] as? String == "pending", "\(row)")
        // Polled as before: the next poll is the interval after the last, not slowed as for an active push.
        let last = try #require((row["last_poll"] as? String).flatMap(Timestamp.parse))
        let next = try #require((row["next_poll"] as? String).flatMap(Timestamp.parse))
        let interval = try #require(row["interval_seconds"] as? Int)
        #expect(abs(next.timeIntervalSince(last) - Double(interval)) < 5, "\(row)")
        #expect(hub.verifications.isEmpty)
        _ = await stop(process)
    }

    @Test("removing the feed unsubscribes from its hub")
    func unsubscribeOnRemoval() async throws {
        defer { workspace.close() }
        let hub = try WebSubHub(clock: SystemClock())
        defer { hub.stop() }
        try await withSubscribedRun(hub) { process in
            _ = try config(feeds: [])
            kill(process.processIdentifier, SIGHUP)
            try await waitUntil("the hub verified the unsubscription", timeout: .seconds(20)) {
                hub.verifications.contains { $0.mode == .unsubscribe && $0.confirmed }
            }
            #expect(hub.subscriptions(topic: topic).isEmpty)
        }
    }
}
