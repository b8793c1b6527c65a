import Foundation

/// Runs the built `feedd` binary as a child process, as a user would.
public enum FeeddProcess {
    /// What a finished `feedd` left.
    public typealias Output = ProcessOutput

    /// The `feedd` executable built beside the test bundle (`swift build --build-tests` builds both).
    public static let binary = BuiltExecutable.url("feedd")

    /// Starts `feedd arguments…` in the background, its output discarded (for `run`, and for kill tests); with
    /// `stderr`, its log is written to that file (created), for a test to wait for the line reporting an event.
    public static func start(_ arguments: [String], environment: [String: String] = [:], stderr: URL? = nil)
        throws -> Process
    {
        try ChildProcess.start(binary, arguments, environment: inherited(environment), stderr: stderr)
    }

    /// The lines of a log file written by ``start(_:environment:stderr:)`` so far.
    public static func logLines(_ file: URL) -> [Substring] {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    /// Runs `feedd arguments…` to its exit with this process's environment plus `environment`; `closeStdout`
    /// hands it a pipe whose reading end is already closed.
    public static func run(_ arguments: [String], environment: [String: String] = [:], closeStdout: Bool = false)
        throws -> Output
    {
        try ChildProcess.run(binary, arguments, environment: inherited(environment), closeStdout: closeStdout)
    }

    /// This process's environment with `additions` over it.
    static func inherited(_ additions: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(additions) { _, new in new }
    }
}
