import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the `on_new_items` command: `/bin/sh -c COMMAND` with a batch of items as JSON Lines on its standard
/// input. Exit status 0 means the batch was taken; anything else, a signal or the timeout means it was not. A
/// command that runs past its timeout is killed with every process it started (``HookProcess``).
struct CommandHook: Sendable {
    let command: String
    let timeout: Duration

    /// Why a call failed, in a sentence.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the command once over `batch` (`count` items) on a thread of its own, off Swift's cooperative threads:
    /// the wait blocks in poll(2) until the command exits or its timeout passes.
    func deliver(_ batch: [UInt8], count: Int) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["FEEDD_ITEMS"] = String(count)
        let errors = try Self.errorFile()
        defer { _ = close(errors) }
        let ending = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { [command, timeout, environment] in
                HookProcess.run(
                    command: command, environment: environment, input: batch, errors: errors, timeout: timeout
                ) { continuation.resume(with: $0) }
            }
            thread.name = "feedd-hook"
            thread.start()
        }
        let how: String
        switch ending {
        case .exited(status: 0): return
        case .exited(let status): how = "exited with status \(status)"
        case .killed(let signal): how = "was killed by signal \(signal)"
        case .timedOut:
            throw Failure(
                description: "the command ran past its timeout of \(timeout) and was killed, with its children")
        }
        let said = Self.tail(of: errors)
        throw Failure(description: "the command \(how)\(said.isEmpty ? "" : ": " + said)")
    }

    /// A temporary file for the command's standard error, read back only on failure, and unlinked at once so
    /// that nothing is left behind: unlike a pipe, it needs no reader and never makes the command wait.
    static func errorFile() throws -> Int32 {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-hook-\(UUID()).err").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure(
                description: "cannot create \(path) for the command's errors: \(String(cString: strerror(errno)))")
        }
        _ = unlink(path)
        return descriptor
    }

    /// The last lines the command wrote to standard error (at most 400 bytes), on one line.
    static func tail(of descriptor: Int32) -> String {
        let size = lseek(descriptor, 0, SEEK_END)
        let count = Int(min(max(size, 0), 400))
        var bytes = [UInt8](repeating: 0, count: count)
        let read = pread(descriptor, &bytes, count, size - off_t(count))
        return String(decoding: bytes.prefix(max(read, 0)), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " | ")
    }
}
