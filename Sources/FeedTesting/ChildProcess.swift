import Foundation

/// What a child process left: its exit status and everything it wrote.
public struct ProcessOutput: Sendable {
    /// The exit status (the signal's number when a signal ended it).
    public var status: Int32
    /// Its standard output, decoded as UTF-8.
    public var stdout: String
    /// Its standard error, decoded as UTF-8.
    public var stderr: String
}

/// Runs and stops the executables tests drive as a user would (the built `feedd`, a shell, `script`).
public enum ChildProcess {
    /// Runs `executable arguments…` to its exit and returns what it wrote. `environment` is the child's whole
    /// environment (nil: this process's); `closeStdout` hands it a pipe whose reading end is already closed.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, closeStdout: Bool = false
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
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
        return ProcessOutput(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `executable arguments…` in the background, its output discarded; with `stderr`, its standard error
    /// is written to that file (created), for a test to wait for the line reporting an event.
    public static func start(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, stderr: URL? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if let stderr {
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: stderr)
        }
        try process.run()
        return process
    }
}

/// Stops `process` the way systemd does: SIGTERM, then waits at most `limit` for it to exit. Returns its exit
/// status, or nil when it was still running at the limit; it is then killed (SIGKILL) and reaped, so that a failing
/// test never leaves it behind nor hangs.
public func stop(_ process: Process, within limit: Duration = .seconds(10)) async -> Int32? {
    process.terminate()
    let exited = (try? await waitUntil("the child to exit after SIGTERM", timeout: limit) { !process.isRunning }) != nil
    if !exited { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return exited ? process.terminationStatus : nil
}

/// Kills `process` (SIGKILL) if it still runs: the clean-up a test defers, so that a failure never leaves a child.
public func killIfRunning(_ process: Process) {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
}
