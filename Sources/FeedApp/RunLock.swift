import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One `feedd run` per store: an exclusive `flock` on `<database>.run.lock`, which holds the holder's pid.
///
/// flock rather than a pid file alone: the kernel drops the lock when the process dies (even by `kill -9`), so a
/// crash never leaves a stale lock that would keep the service from restarting. Commands other than `run` do not
/// take it: they share the store with a running daemon through SQLite's own locking.
public final class RunLock: Sendable {
    private let descriptor: Int32
    /// The lock file's path.
    public let path: String

    /// Takes the lock or throws an error naming the pid that holds it.
    public init(database: String) throws {
        path = database + ".run.lock"
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FeedAppError.io("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let holder = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw FeedAppError.usage(
                "another feedd run (pid \(holder.isEmpty ? "unknown" : holder)) already polls the store \(database); "
                    + "fetch, dump, status and parse work beside it")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
        descriptor = fd
    }

    deinit { close(descriptor) }
}

extension RunLock {
    /// The pid of the `feedd run` that holds the store's lock, or nil when none runs.
    ///
    /// A shared lock attempt fails exactly while a `run` holds its exclusive one, so a stale pid left in the file
    /// by a crashed daemon is never reported.
    public static func holder(database: String) -> pid_t? {
        let fd = open(database + ".run.lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) != 0 else {
            flock(fd, LOCK_UN)
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
