import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP port on 127.0.0.1 bound without listening: connecting to it is refused (RST) until it is released.
public struct ReservedPort {
    let socketFD: Int32
    /// The port number.
    public let number: Int

    /// Binds a free port on 127.0.0.1 without listening.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound else {
            if fd >= 0 { close(fd) }
            throw ReservedPortError()
        }
        socketFD = fd
        number = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Frees the port.
    public func release() { close(socketFD) }
}

/// The test could not reserve a port.
struct ReservedPortError: Error, CustomStringConvertible {
    var description: String { "Could not bind a TCP port on 127.0.0.1 to stand for a closed one" }
}
