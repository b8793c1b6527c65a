import FeedCrypto
import FeedModel
import FeedTesting
import Foundation
import Synchronization
import Testing

/// `on_new_items`: the real daemon hands every new item to a real command, at least once, retrying failures.
@Suite(.serialized) struct HookCLITests {
    let workspace: CLIWorkspace
    var folder: URL { workspace.folder }
    var server: LoopbackServer { workspace.server }

    init() throws { workspace = try CLIWorkspace("hooks") }

    /// A hook script that fails its first `failures` calls (after reading its input, as a crashing receiver
    /// would) and then appends what it receives to received.jsonl.
    func hookScript(failures: Int) throws -> String {
        let script = folder.appendingPathComponent("hook.sh")
        try """
        #!/bin/sh
        n=$(cat "\(folder.path)/calls" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "\(folder.path)/calls"
        echo "items=$FEEDD_ITEMS" >> "\(folder.path)/calls.log"
        if [ $n -le \(failures) ]; then cat > /dev/null; echo "receiver down ($n)" >&2; exit 3; fi
        cat >> "\(folder.path)/received.jsonl"
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script.path
    }

    func config(hook: String, feeds: [String], batch: Int = 100) throws -> String {
        try workspace.writeConfig(
            "on_new_items:\n  command: \(hook)\n  retry: 1s\n  batch: \(batch)\n", feeds: feeds)
    }

    func received() -> [[String: Any]] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("received.jsonl"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func waitFor(_ count: Int) async throws {
        try await waitUntil("\(count) items handed to the hook", timeout: .seconds(20)) { received().count >= count }
    }

    @Test("a hook failing twice first still receives every item exactly once, in seq order, while polling goes on")
    func everyItemOnceDespiteFailures() async throws {
        defer { workspace.close() }
        let config = try config(hook: hookScript(failures: 2), feeds: ["news.rss", "papers.atom", "releases.rdf"])
        let process = try FeeddProcess.start(["run", "--config", config])
        defer { killIfRunning(process) }
        try await waitFor(7)
        let items = received()
        #expect(items.count == 7, "7 items of the 3 fixture feeds")
        let seqs = items.compactMap { $0["seq"] as? Int }
        #expect(seqs == seqs.sorted() && Set(seqs).count == 7, "each once, in delivery order: \(seqs)")
        #expect(items.allSatisfy { $0["event"] as? String == "new" && $0["feed_url"] != nil })
        let calls = try String(contentsOf: folder.appendingPathComponent("calls"), encoding: .utf8)
        #expect(calls.trimmingCharacters(in: .whitespacesAndNewlines) == "3", "two failures, then the success")
        // The failures did not hold up polling: every feed was polled once, at once.
        #expect(server.requests.count == 3)
        _ = await stop(process)
        #expect(process.terminationStatus == 0)

        // A restart owes nothing: the hook's cursor is in the store, and the hook's first look says so.
        let log = folder.appendingPathComponent("again.log")
        let again = try FeeddProcess.start(["run", "--config", config, "--log-level", "debug"], stderr: log)
        try await waitUntil("the restarted hook's first look") {
            (try? String(contentsOf: log, encoding: .utf8))?.contains("hook is owed nothing") ?? false
        }
        _ = await stop(again)
        #expect(received().count == 7)
    }

    @Test("items stored by fetch while no daemon runs are delivered by the next run, in batches")
    func fetchThenRunDelivers() async throws {
        defer { workspace.close() }
        let config = try config(hook: hookScript(failures: 0), feeds: ["news.rss", "papers.atom"], batch: 2)
        let fetched = try FeeddProcess.run(["fetch", "--config", config])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(received().isEmpty, "fetch never runs hooks")
        let process = try FeeddProcess.start(["run", "--config", config])
        defer { killIfRunning(process) }
        try await waitFor(5)
        _ = await stop(process)
        #expect(received().compactMap { $0["seq"] as? Int } == [1, 2, 3, 4, 5])
        let log = try String(contentsOf: folder.appendingPathComponent("calls.log"), encoding: .utf8)
        #expect(log == "items=2\nitems=2\nitems=1\n", "batches of at most 2")
    }

    @Test("a hook taken out of the configuration no longer holds back retention; what it was owed is logged")
    func removedHookReleasesRetention() async throws {
        defer { workspace.close() }
        let config = try config(hook: hookScript(failures: 0), feeds: ["news.rss"])
        let fetched = try FeeddProcess.run(["fetch", "--config", config])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        // Without the hook, keep one item per feed: only the hook's queue could stop retention.
        let database = folder.appendingPathComponent("feedd.sqlite").path
        try "database: \(database)\ndefaults:\n  max_items: 1\nfeeds:\n  - url: \(server.url("/news.rss"))\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let again = try FeeddProcess.run(["fetch", "--config", config])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("hook no longer configured"), "\(again.stderr)")
        #expect(again.stderr.contains("undelivered_items=3"), "\(again.stderr)")
        let dumped = try FeeddProcess.run(["dump", "--config", config, "--consumer", "reader", "--peek"])
        let items = try JSONSerialization.jsonObject(with: Data(dumped.stdout.utf8)) as? [Any]
        #expect(items?.count == 1, "retention kept the newest item only: \(dumped.stdout)")
    }
}

/// `on_new_items_url`: the real daemon posts to a loopback receiver that checks the signature.
@Suite(.serialized) struct WebhookCLITests {
    let workspace: CLIWorkspace

    init() throws { workspace = try CLIWorkspace("webhook") }

    @Test("the webhook gets every item once, signed, even after failing twice; a bad signature would show")
    func signedAndRetried() async throws {
        defer { workspace.close() }
        let secret = "s3cret-\(UUID().uuidString)"
        let calls = Counter()
        let receiver = try LoopbackServer { request in
            // The first two deliveries fail, as a receiver being deployed would.
            calls.next() <= 2 ? TestResponse(status: 503) : TestResponse(status: 204)
        }
        defer { receiver.stop() }
        let config = try workspace.writeConfig(
            "on_new_items_url:\n  url: \(receiver.url("/feedd"))\n  secret: $FEEDD_TEST_SECRET\n  retry: 1s\n",
            feeds: ["news.rss", "papers.atom", "releases.rdf"])

        let log = workspace.folder.appendingPathComponent("run.log")
        let process = try FeeddProcess.start(
            ["run", "--config", config], environment: ["FEEDD_TEST_SECRET": secret], stderr: log)
        defer { killIfRunning(process) }
        // Delivered means the cursor moved past the batch: nothing is owed after it, so no fourth post can come.
        try await waitUntil("the webhook's delivery after two failures", timeout: .seconds(20)) {
            (try? String(contentsOf: log, encoding: .utf8))?.contains("hook delivered") ?? false
        }
        _ = await stop(process)

        let posts = receiver.requests
        #expect(posts.count == 3, "two failures, then the success")
        #expect(posts.allSatisfy { $0.method == "POST" && $0.path == "/feedd" })
        #expect(Set(posts.map(\.body)).count == 1, "the same batch each time")
        let delivered = try #require(posts.last)
        #expect(delivered.headers["content-type"] == "application/x-ndjson")
        #expect(delivered.headers["x-feedd-items"] == "7")
        let expected = "sha256=" + HMACSHA256.hex(for: Array(delivered.body), key: Array(secret.utf8))
        #expect(delivered.headers["x-feedd-signature"] == expected)
        let wrongKey = "sha256=" + HMACSHA256.hex(for: Array(delivered.body), key: Array("other".utf8))
        #expect(delivered.headers["x-feedd-signature"] != wrongKey)
        let seqs = String(decoding: delivered.body, as: UTF8.self).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["seq"] as? Int
        }
        #expect(seqs == Array(1...7))
    }
}

/// A call counter for loopback handlers, shared with the server's thread.
final class Counter: Sendable {
    private let count = Mutex(0)

    /// Counts one more call and returns the new count.
    func next() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
    var value: Int { count.withLock { $0 } }
}
