import Foundation
import Synchronization

/// A `feedd` child whose standard output the test reads when it chooses (a reader that stalls, as a slow consumer
/// does) and whose standard error is collected as it comes.
public final class PipedFeedd: Sendable {
    /// The running child.
    public let process: Process
    /// Its standard output, read by the test at its own pace.
    public let stdout: Pipe
    private final class Collected: Sendable {
        let data = Mutex<Data>(Data())
    }

    private let errors = Collected()
    private let errorsDone = DispatchSemaphore(value: 0)

    /// Starts `feedd arguments…`.
    public init(_ arguments: [String]) throws {
        process = Process()
        process.executableURL = FeeddProcess.binary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        DispatchQueue.global().async { [errors, errorsDone] in
            while case let chunk = stderr.fileHandleForReading.availableData, !chunk.isEmpty {
                errors.data.withLock { $0.append(chunk) }
            }
            errorsDone.signal()
        }
    }

    /// What it wrote to standard error so far.
    public var stderrText: String { String(decoding: errors.data.withLock { $0 }, as: UTF8.self) }

    /// Reads its standard output to the end (on a thread of its own, so that several children drain at once)
    /// and waits for it to exit.
    public func finish() async -> (status: Int32, stdout: Data, stderr: String) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [self] in
                let output = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                errorsDone.wait()
                continuation.resume(returning: (process.terminationStatus, output, stderrText))
            }
        }
    }
}
