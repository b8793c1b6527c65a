import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the `on_new_items` command: `/bin/sh -c COMMAND` with a batch of items as JSON Lines on its standard
/// input. Exit status 0 means the batch was taken; anything else, a signal or the timeout means it was not.
struct CommandHook: Sendable {
    let command: String
    let timeout: Duration

    /// Why a call failed, in a sentence.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the command once over `batch` (`count` items), off Swift's cooperative threads: the child is waited
    /// for through its termination handler, its input written from a dispatch queue.
    func deliver(_ batch: [UInt8], count: Int) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["FEEDD_ITEMS"] = String(count)
        process.environment = environment
        let input = Pipe()
        // Standard error goes to a file, read back only on failure: no reader thread, no dispatch source on a
        // descriptor that closes under it.
        let errorsPath = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-hook-\(UUID()).err")
        _ = FileManager.default.createFile(atPath: errorsPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsPath) }
        let errors = try FileHandle(forWritingTo: errorsPath)
        defer { try? errors.close() }
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let timedOut = Flag()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: Failure(description: "cannot start /bin/sh: \(error)"))
                return
            }
            let writer = input.fileHandleForWriting
            DispatchQueue.global().async {
                // A command that does not read its input may exit first: the write then fails with EPIPE (SIGPIPE
                // is ignored by feedd), which is the command's business, not an error of ours.
                try? writer.write(contentsOf: batch)
                try? writer.close()
            }
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + HookSettings.seconds(timeout)) {
                guard process.isRunning else { return }
                timedOut.set()
                kill(pid, SIGKILL)
            }
        }
        if timedOut.isSet {
            throw Failure(description: "the command ran past its timeout of \(timeout) and was killed")
        }
        guard process.terminationReason == .exit, status == 0 else {
            let how =
                process.terminationReason == .exit ? "exited with status \(status)" : "was killed by signal \(status)"
            let said = Self.tail(of: errorsPath)
            throw Failure(description: "the command \(how)\(said.isEmpty ? "" : ": " + said)")
        }
    }

    /// The last lines the command wrote to standard error (at most 400 bytes), on one line.
    static func tail(of file: URL) -> String {
        guard let data = try? Data(contentsOf: file) else { return "" }
        return String(decoding: data.suffix(400), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " | ")
    }
}

/// A flag set from one thread and read from another.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
