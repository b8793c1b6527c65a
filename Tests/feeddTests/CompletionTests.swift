import FeedTesting
import Foundation
import Testing

/// `feedd --generate-completion-script SHELL`: each script loads in its shell and completes feedd's commands.
/// The shells come from `make deps` (zsh and fish are Debian packages it installs).
@Suite struct CompletionTests {
    func script(_ shell: String) throws -> URL {
        let output = try FeeddProcess.run(["--generate-completion-script", shell])
        #expect(output.status == 0, "\(output.stderr)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-\(UUID().uuidString).\(shell)")
        try output.stdout.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Runs `shell -c command` and returns its standard output.
    func shell(_ path: String, _ arguments: [String]) throws -> String {
        let output = try ChildProcess.run(URL(fileURLWithPath: path), arguments)
        #expect(output.status == 0, "\(path) \(arguments)")
        return output.stdout
    }

    @Test("bash completes the feeds subcommands")
    func bash() throws {
        let file = try script("bash")
        defer { try? FileManager.default.removeItem(at: file) }
        let words = try shell(
            "/bin/bash",
            [
                "-c",
                "source \(file.path); COMP_WORDS=(feedd feeds ''); COMP_CWORD=2; COMP_LINE='feedd feeds '; "
                    + "COMP_POINT=12; _feedd; printf '%s\\n' \"${COMPREPLY[@]}\"",
            ]
        ).split(separator: "\n")
        #expect(Set(["list", "add", "remove", "enable", "disable"]).isSubset(of: words.map(String.init)))
    }

    @Test("fish completes the feeds subcommands and dump's options, with their help")
    func fish() throws {
        let file = try script("fish")
        defer { try? FileManager.default.removeItem(at: file) }
        let feeds = try shell("/usr/bin/fish", ["-c", "source \(file.path); complete -C 'feedd feeds '"])
        #expect(feeds.contains("disable\tPause a feed"))
        let dump = try shell("/usr/bin/fish", ["-c", "source \(file.path); complete -C 'feedd dump --'"])
        #expect(dump.contains("--consumer\t"))
    }

    @Test("zsh reads the script and it names every command")
    func zsh() throws {
        let file = try script("zsh")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try shell("/usr/bin/zsh", ["-n", file.path])
        let text = try String(contentsOf: file, encoding: .utf8)
        for command in ["run", "fetch", "dump", "ack", "status", "check", "discover", "parse", "feeds", "import"] {
            #expect(text.contains("'\(command):"), "\(command) missing")
        }
    }
}
