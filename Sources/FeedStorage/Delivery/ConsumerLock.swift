import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Held by the one reader that delivers to a consumer at a time (a dump, an ack, a hook's batch); released by
/// ``release()``, or by the kernel when the holder's process ends.
public protocol ConsumerLock: Sendable {
    /// Lets the next reader of the consumer in. Idempotent.
    func release()
}

/// A consumer's lock as an open-file-description byte lock (`F_OFD_SETLK`) on one file beside the store.
///
/// One byte per consumer, at an offset hashed from its name (FNV-1a, the same in every process): a lock follows
/// the open file description, so two dumps in one process exclude each other as two processes do, and a process
/// killed while holding it releases it (https://man7.org/linux/man-pages/man2/fcntl.2.html, "Open file description
/// locks"). Two names that hash alike only wait for each other.
final class FileConsumerLock: ConsumerLock {
    private let descriptor: Mutex<Int32>

    /// `F_OFD_SETLK` and `F_OFD_SETLKW` of Linux's `<bits/fcntl-linux.h>`, which Swift's Glibc module leaves out
    /// (they are behind `_GNU_SOURCE`); part of the kernel's ABI since Linux 3.15.
    private static let setLock: Int32 = 37
    private static let setLockWaiting: Int32 = 38

    private init(descriptor: Int32) { self.descriptor = Mutex(descriptor) }

    /// Takes the lock of `consumer` in the file at `path`: at once, or nil when another holds it and `wait` is
    /// false; else waits for it on a thread of its own.
    static func take(_ consumer: String, path: String, wait: Bool) async throws -> FileConsumerLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FeedStorageError.database(
                "open the consumer lock file \(path)", cause: String(cString: strerror(errno)))
        }
        let offset = offset(of: consumer)
        if try lock(fd, offset: offset, command: Self.setLock) { return FileConsumerLock(descriptor: fd) }
        guard wait else {
            close(fd)
            return nil
        }
        let taken: Bool = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try lock(fd, offset: offset, command: Self.setLockWaiting) })
            }
        }
        guard taken else {
            close(fd)
            return nil
        }
        return FileConsumerLock(descriptor: fd)
    }

    /// One attempt; false when another holds the byte (`F_OFD_SETLK`), throws on any other failure.
    private static func lock(_ fd: Int32, offset: Int64, command: Int32) throws -> Bool {
        var region = flock()
        region.l_type = Int16(F_WRLCK)
        region.l_whence = Int16(SEEK_SET)
        region.l_start = off_t(offset)
        region.l_len = 1
        while fcntl(fd, command, &region) != 0 {
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EACCES { return false }
            throw FeedStorageError.database("lock a consumer", cause: String(cString: strerror(errno)))
        }
        return true
    }

    /// FNV-1a over the name's UTF-8 bytes, kept positive for `off_t`.
    static func offset(of consumer: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in consumer.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(hash >> 2)
    }

    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
