import FeedTesting
import Foundation
import Testing

/// `feedd fetch`'s progress: a redrawn line on a terminal, plain lines otherwise, nothing with --quiet.
@Suite(.serialized) struct ProgressTests {
    let workspace: CLIWorkspace

    init() throws { workspace = try CLIWorkspace("progress") }

    func config() throws -> String {
        try workspace.writeConfig(feeds: ["news.rss", "papers.atom", "releases.rdf", "missing.rss"])
    }

    @Test("not a terminal: plain lines counting feeds, new items and failures")
    func plainLines() throws {
        defer { workspace.close() }
        let output = try FeeddProcess.run(["fetch", "--config", config()])
        #expect(output.status == 1, "the missing feed fails the run")
        let lines = output.stderr.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(lines.count == 4, "one line per feed when there are fewer than ten: \(output.stderr)")
        #expect(lines.last?.hasPrefix("[4/4] 7 new, 1 failed, ") == true)
        #expect(!output.stderr.contains("\u{1B}["), "no terminal control codes in a log")
        let quiet = try FeeddProcess.run(["fetch", "--quiet", "--config", config()])
        #expect(!quiet.stderr.contains("[4/4]"))
    }

    @Test("a terminal: one line redrawn in place, erased at the end")
    func terminal() throws {
        defer { workspace.close() }
        // util-linux `script` runs the command on a new pseudo-terminal, as an interactive shell would.
        let command = "\(FeeddProcess.binary.path) fetch --config \(try config())"
        let text = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qefc", command, "/dev/null"]).stdout
        #expect(text.contains("\r\u{1B}[K[4/4] 7 new, 1 failed, "), "\(text.debugDescription)")
        #expect(text.contains("4 feeds: 3 updated, 0 not modified, 1 failed; 7 new items"))
    }
}
