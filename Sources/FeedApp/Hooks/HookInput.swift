#if canImport(Glibc)
    import Glibc
#endif

/// The writing end of a hook command's standard input, fed without ever blocking: a command that does not read
/// its input fills the pipe, and must not hold feedd past the command's deadline.
struct HookInput {
    /// The pipe's writing end, nil once closed.
    private(set) var descriptor: Int32?
    private let bytes: [UInt8]
    private var written = 0

    /// Takes `descriptor` over (made non-blocking here: only this end's flags change, the command's end stays
    /// blocking) to write `bytes` to it; nothing to write closes it at once, so the command reads an end of file.
    init(descriptor: Int32, bytes: [UInt8]) {
        self.descriptor = descriptor
        self.bytes = bytes
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        if bytes.isEmpty { close() }
    }

    /// Writes what the pipe takes now, and closes it once everything is written or the command stopped reading
    /// (EPIPE, SIGPIPE being ignored by feedd: a command may exit without reading all, which is its business).
    mutating func writeAvailable() {
        guard let descriptor else { return }
        let count = bytes.withUnsafeBytes { buffer in
            write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        }
        if count > 0 {
            written += count
            if written == bytes.count { close() }
        } else if count < 0, errno != EAGAIN, errno != EINTR {
            close()
        }
    }

    /// Gives up writing: the command sees the end of its input.
    mutating func close() {
        if let descriptor { _ = Glibc.close(descriptor) }
        descriptor = nil
    }
}
