import FeedTesting
import Foundation
import Testing

/// A hook command that hangs: the real daemon ends it at its timeout with every process it started, logs the
/// failure and offers the batch again, and SIGTERM still stops it within the timeout and a second. The hooks are
/// real shell commands whose processes are found in `/proc` by a `sleep` argument unique to each run.
@Suite(.serialized) struct HookTimeoutCLITests {
    /// How a hanging hook is built.
    enum Shape: String, CaseIterable, CustomTestStringConvertible {
        /// `sleep N`, as a new user would try it.
        case command
        /// `sleep N | cat > /dev/null`: the shell forks both stages, which outlive a killed shell.
        case pipeline
        /// A script whose grandchild (`(sleep N &)`, re-parented away from it) holds its standard input, output
        /// and error, while the script itself hangs.
        case grandchild

        var testDescription: String { rawValue }

        /// How many `sleep` processes an attempt starts.
        var sleepers: Int { self == .grandchild ? 2 : 1 }
    }

    let workspace: CLIWorkspace
    var folder: URL { workspace.folder }
    var log: URL { folder.appendingPathComponent("feedd.log") }
    /// A `sleep` duration that only this run's hooks use (GNU sleep takes fractions), so that the processes found
    /// are this test's.
    let marker = "6100.\(Int.random(in: 100_000..<1_000_000))"

    init() throws { workspace = try CLIWorkspace("hook-timeout") }

    /// The hook's command line for `shape`.
    func command(_ shape: Shape) throws -> String {
        switch shape {
        case .command: return "sleep \(marker)"
        case .pipeline: return "sleep \(marker) | cat > /dev/null"
        case .grandchild:
            let script = folder.appendingPathComponent("hang.sh")
            try "#!/bin/sh\n(sleep \(marker) &)\nsleep \(marker)\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            return script.path
        }
    }

    /// A configuration whose hook is `command`, over the three fixture feeds.
    func config(command: String, timeout: String) throws -> String {
        try workspace.writeConfig(
            "on_new_items: {command: \"\(command)\", timeout: \(timeout), retry: 1s}\n",
            feeds: ["news.rss", "papers.atom", "releases.rdf"])
    }

    var sleepers: [Int32] { ProcessTable.pids(running: ["sleep", marker]) }

    /// When the first of the sleeping processes started, by its start time in `/proc`: a loaded machine's test
    /// notices them later than they began, and the hook's timeout runs from the start.
    func startOfSleepers() -> ContinuousClock.Instant {
        ContinuousClock.now - (sleepers.compactMap(ProcessTable.age(of:)).max() ?? .zero)
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// How many times the log says `text` so far.
    func logged(_ text: String) -> Int { logText.components(separatedBy: text).count - 1 }

    /// Ends what a failed test left running: feedd, and the `sleep`s of this run only.
    func cleanUp(_ process: Process) {
        killIfRunning(process)
        for pid in sleepers { kill(pid, SIGKILL) }
        workspace.close()
    }

    @Test(
        "a hanging hook is ended with all it started, logged failed within a second of its timeout, and retried",
        arguments: Shape.allCases)
    func hangingHookIsEnded(_ shape: Shape) async throws {
        let config = try config(command: command(shape), timeout: "2s")
        let process = try FeeddProcess.start(["run", "--config", config], stderr: log)
        defer { cleanUp(process) }

        // The first attempt: its processes appear, then it is killed at its timeout.
        try await waitUntil("the hook's \(shape.sleepers) sleeping processes", timeout: .seconds(15)) {
            sleepers.count == shape.sleepers
        }
        let started = startOfSleepers()
        try await waitUntil("the log line of the failed hook", timeout: .seconds(5)) { logged("hook failed") == 1 }
        let failedAfter = ContinuousClock.now - started
        #expect(failedAfter > .milliseconds(1800) && failedAfter < .seconds(3), "failed after \(failedAfter)")
        #expect(logged("ran past its timeout of 2.0 seconds") == 1, "\(logText)")
        try await waitUntil("no process of the hook left, found \(sleepers)", timeout: .seconds(1)) { sleepers.isEmpty }

        // The batch is offered again after the backoff (0.5 to 1 s), and hangs again.
        try await waitUntil("the hook's \(shape.sleepers) sleeping processes", timeout: .seconds(5)) {
            sleepers.count == shape.sleepers
        }
        let retried = startOfSleepers()

        // SIGTERM while it hangs: feedd waits for the batch at most until its timeout, then exits 0.
        let stoppedAfter = await stop(process, within: .seconds(3))
        #expect(stoppedAfter != nil, "SIGTERM stops feedd run within the hook's timeout and a second")
        #expect(process.terminationStatus == 0)
        #expect(ContinuousClock.now - retried > .milliseconds(1800), "the stop waited for the hook's timeout")
        #expect(logged("hook failed") == 2, "the second attempt is logged failed too")
        try await waitUntil("no process of the hook left, found \(sleepers)", timeout: .seconds(5)) { sleepers.isEmpty }
    }

    @Test("a hook is judged by its own exit: a child it leaves running neither holds up nor survives the call")
    func backgroundChildDoesNotHoldTheCall() async throws {
        let received = folder.appendingPathComponent("received.jsonl")
        let script = folder.appendingPathComponent("leave-child.sh")
        try """
        #!/bin/sh
        cat > \(received.path)
        sleep \(marker) &
        # Exit only once the child runs sleep, so that it is there to outlive the hook.
        until grep -qa \(marker) /proc/$!/cmdline; do :; done
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let config = try config(command: script.path, timeout: "30s")
        let process = try FeeddProcess.start(["run", "--config", config], stderr: log)
        defer { cleanUp(process) }
        try await waitUntil("the log line of the delivered batch", timeout: .seconds(15)) {
            logged("hook delivered") == 1
        }
        #expect(logged("hook failed") == 0)
        let lines = try String(contentsOf: received, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 7, "the 7 items of the three feeds")
        try await waitUntil("no process of the hook left, found \(sleepers)", timeout: .seconds(5)) { sleepers.isEmpty }
        #expect(await stop(process, within: .seconds(2)) != nil)
        #expect(process.terminationStatus == 0)
    }

    @Test("a hook starts clean: no signal of feedd's ignored or blocked, no descriptor of its store, lock or sockets")
    func hookStartsClean() async throws {
        let signals = folder.appendingPathComponent("signals")
        let descriptors = folder.appendingPathComponent("descriptors")
        // feedd ignores SIGPIPE, and holds its store, its run lock and sockets open: the hook inherits none of them.
        // The signals are read by grep of its own (the shell passes them on; the shell's own mask is all blocked
        // for a moment each time it forks), the descriptors are the shell's (`$$`).
        let command =
            "grep -E 'Sig(Ign|Blk)' /proc/self/status > \(signals.path); ls -l /proc/$$/fd > \(descriptors.path); cat"
        let process = try FeeddProcess.start(
            ["run", "--config", config(command: command, timeout: "30s")], stderr: log)
        defer { cleanUp(process) }
        try await waitUntil("the log line of the delivered batch", timeout: .seconds(15)) {
            logged("hook delivered") == 1
        }
        let masks = try String(contentsOf: signals, encoding: .utf8).split(separator: "\n").reduce(
            into: [String: UInt64]()
        ) {
            masks, line in
            let parts = line.split(separator: "\t")
            masks[String(parts[0])] = UInt64(parts[1], radix: 16)
        }
        #expect(masks["SigBlk:"] == 0, "no signal blocked")
        // Signals 1 to 31; glibc's posix_spawn leaves its own two real-time signals (32, 33) ignored, which the
        // program's glibc sets up again.
        #expect(masks["SigIgn:"].map { $0 & 0x7fff_ffff } == 0, "no standard signal ignored")
        let open = try String(contentsOf: descriptors, encoding: .utf8)
        #expect(open.contains(" 0 -> pipe:"), "the items come on a pipe: \(open)")
        for inherited in ["feedd.sqlite", "run.lock", "socket:"] {
            #expect(!open.contains(inherited), "\(open)")
        }
        #expect(await stop(process, within: .seconds(2)) != nil)
    }
}
