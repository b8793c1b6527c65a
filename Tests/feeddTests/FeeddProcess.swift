import FeedTesting
import Foundation

/// Runs the built `feedd` binary as a child process, as a user would.
struct FeeddProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `feedd` executable built beside the test bundle (`swift build --build-tests` builds both).
    static let binary = BuiltExecutable.url("feedd")

    /// Starts `feedd arguments…` in the background, its output discarded (for `run`, and for kill tests), or its
    /// log (standard error) written to the file `log`.
    static func start(_ arguments: [String], log: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        }
        try process.run()
        return process
    }

    /// Runs `feedd arguments…`; `closeStdout` hands it a pipe whose reading end is already closed.
    static func run(_ arguments: [String], environment: [String: String] = [:], closeStdout: Bool = false)
        throws -> Output
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        if closeStdout { try out.fileHandleForReading.close() }
        try process.run()
        // Drain both pipes while the child runs, so a large output never blocks it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        if !closeStdout {
            group.enter()
            DispatchQueue.global().async {
                outData = out.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        process.waitUntilExit()
        group.wait()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
