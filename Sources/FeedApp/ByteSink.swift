import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where command output goes; a failed write throws, so callers can tell "printed" from "lost".
public protocol ByteSink {
    func write(_ bytes: [UInt8]) throws
    func flush() throws
}

/// Writes straight to a file descriptor with write(2): no stdio buffer can hide an error (EPIPE, ENOSPC) from us.
public struct FileDescriptorSink: ByteSink, Sendable {
    let descriptor: Int32

    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// Standard output.
    public static let standardOutput = FileDescriptorSink(descriptor: 1)

    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FeedAppError.io("cannot write the output: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// write(2) has no user-space buffer; for a regular file, fsync makes "written" mean "on disk".
    public func flush() throws {
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, fsync(descriptor) != 0 {
            throw FeedAppError.io("cannot flush the output: \(String(cString: strerror(errno)))")
        }
    }
}
