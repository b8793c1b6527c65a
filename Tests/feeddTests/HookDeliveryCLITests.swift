import FeedTesting
import Foundation
import Synchronization
import Testing

/// A hook is a consumer like any other: an item edited while it is owed to the hook reaches it once, as new, in its
/// current form, across a restart of `feedd run`; an item the hook already took is not handed again.
@Suite(.serialized) struct HookDeliveryCLITests {
    final class Titles: Sendable {
        let byNumber = Mutex<[Int: String]>(Dictionary(uniqueKeysWithValues: (1...6).map { ($0, "Item \($0) v1") }))
    }

    let titles = Titles()
    let workspace: CLIWorkspace
    var folder: URL { workspace.folder }
    var server: LoopbackServer { workspace.server }

    init() throws {
        let titles = self.titles
        workspace = try CLIWorkspace("hookedit") { _ in
            let current = titles.byNumber.withLock { $0 }
            var text = #"<?xml version="1.0"?><rss version="2.0"><channel><title>Six</title>"#
            for number in stride(from: 6, through: 1, by: -1) {
                text += "<item><guid>item-\(number)</guid><title>\(current[number] ?? "")</title></item>"
            }
            return TestResponse(body: Data((text + "</channel></rss>").utf8))
        }
    }

    /// The hook takes its first batch, then refuses every call while `refuse` exists.
    func writeConfiguration() throws -> String {
        let script = folder.appendingPathComponent("hook.sh")
        try """
        #!/bin/sh
        n=$(cat "\(folder.path)/calls" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "\(folder.path)/calls"
        if [ $n -gt 1 ] && [ -e "\(folder.path)/refuse" ]; then cat > /dev/null; exit 3; fi
        cat >> "\(folder.path)/received.jsonl"
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return try workspace.writeConfig(
            "on_new_items:\n  command: \(script.path)\n  retry: 1s\n  batch: 2\n", feeds: ["six.rss"])
    }

    func received() -> [(title: String, event: String)] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("received.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let title = object["title"] as? String, let event = object["event"] as? String
            else { return nil }
            return (title, event)
        }
    }

    func calls() -> Int {
        let text = (try? String(contentsOf: folder.appendingPathComponent("calls"), encoding: .utf8)) ?? ""
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    func stopRun(_ process: Process) async {
        _ = await stop(process)
        #expect(process.terminationStatus == 0)
    }

    @Test("an item edited while owed to a hook is delivered once, as new, after a restart")
    func editWhileOwedAcrossRestart() async throws {
        defer { workspace.close() }
        let config = try writeConfiguration()
        #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent("refuse").path, contents: nil))
        let first = try FeeddProcess.start(["run", "--config", config])
        defer { killIfRunning(first) }
        try await waitUntil("the first batch and a refused one", timeout: .seconds(30)) {
            received().count == 2 && calls() >= 2
        }
        await stopRun(first)
        #expect(received().map(\.title) == ["Item 1 v1", "Item 2 v1"])

        // Item 1 the hook has; item 5 it is still owed. `fetch` stores the edits, the next `run` hands them over.
        titles.byNumber.withLock {
            $0[1] = "Item 1 v2"
            $0[5] = "Item 5 v2"
        }
        let fetch = try FeeddProcess.run(["fetch", "--config", config, "--quiet"])
        #expect(fetch.status == 0 && fetch.stdout.contains("2 edited"), "\(fetch.stdout) \(fetch.stderr)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("refuse"))
        let second = try FeeddProcess.start(["run", "--config", config])
        defer { killIfRunning(second) }
        try await waitUntil("every item", timeout: .seconds(30)) { received().count >= 6 }
        await stopRun(second)
        let items = received()
        #expect(items.map(\.title) == ["Item 1 v1", "Item 2 v1", "Item 3 v1", "Item 4 v1", "Item 6 v1", "Item 5 v2"])
        #expect(items.allSatisfy { $0.event == "new" })
    }
}
