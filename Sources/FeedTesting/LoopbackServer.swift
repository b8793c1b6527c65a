import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for tests: blocking POSIX sockets, one thread per connection, keep-alive,
/// and a handler that decides every response.
public final class LoopbackServer: Sendable {
    private struct State {
        var requests: [TestRequest] = []
        /// Requests being answered, by path (request target), and the most there ever were at once.
        var open: [String: Int] = [:]
        var peakOpen: [String: Int] = [:]
        /// Requests being answered, whatever their path, and the most there ever were at once.
        var openAll = 0
        var peakOpenAll = 0
        var openConnections: Set<Int32> = []
        var peakConnections = 0
        var acceptedConnections = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let listener: Int32
    let handler: @Sendable (TestRequest) -> TestResponse

    /// The port the server listens on.
    public let port: Int

    /// Binds 127.0.0.1 on an ephemeral port, listen backlog >= 1024, one thread per connection, HTTP/1.1 keep-alive.
    public init(handler: @escaping @Sendable (TestRequest) -> TestResponse) throws {
        self.handler = handler
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw LoopbackServerError(call: "socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // A burst of concurrent clients must queue in the kernel rather than be refused.
        guard bound == 0, listen(socketFD, 1024) == 0 else {
            let code = errno
            close(socketFD)
            throw LoopbackServerError(call: bound == 0 ? "listen" : "bind", errno: code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(socketFD)
            throw LoopbackServerError(call: "getsockname", errno: code)
        }
        listener = socketFD
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "loopback-accept"
        thread.start()
    }

    deinit { stop() }

    /// "http://127.0.0.1:PORT"
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The absolute URL of `path` on this server (`path` starts with "/").
    public func url(_ path: String) -> String { baseURL + path }

    /// Every request received, in order.
    public var requests: [TestRequest] { state.withLock { $0.requests } }

    /// How many requests for `path` (the request target) are being answered now: received, the response not yet
    /// written (a stalled response counts until it is sent or the server stops).
    public func openRequests(path: String) -> Int { state.withLock { $0.open[path] ?? 0 } }

    /// The most requests for `path` that were ever being answered at the same time.
    public func peakOpenRequests(path: String) -> Int { state.withLock { $0.peakOpen[path] ?? 0 } }

    /// The most requests, whatever their path, that were ever being answered at the same time: what a client
    /// (or several) asked of this one host at once.
    public var peakOpenRequests: Int { state.withLock { $0.peakOpenAll } }

    /// The largest number of connections that were open at the same time.
    public var maxConcurrentConnections: Int { state.withLock { $0.peakConnections } }

    /// How many connections were accepted in all: fewer than the requests means keep-alive reused them.
    public var acceptedConnections: Int { state.withLock { $0.acceptedConnections } }

    /// Stops accepting and hangs up every open connection; idempotent.
    public func stop() {
        let sockets: [Int32]? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return Array(state.openConnections)
        }
        guard let sockets else { return }
        // shutdown (not close) wakes the threads blocked in accept/recv; each thread closes its own descriptor,
        // so a number is never reused while another thread still holds it.
        _ = Glibc.shutdown(listener, Int32(SHUT_RDWR))
        for socket in sockets { _ = Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
    }

    var isStopped: Bool { state.withLock { $0.stopped } }

    func record(_ request: TestRequest) {
        state.withLock { state in
            state.requests.append(request)
            let open = (state.open[request.path] ?? 0) + 1
            state.open[request.path] = open
            state.peakOpen[request.path] = max(state.peakOpen[request.path] ?? 0, open)
            state.openAll += 1
            state.peakOpenAll = max(state.peakOpenAll, state.openAll)
        }
    }

    /// Marks the answer to `request` as written (or abandoned).
    func answered(_ request: TestRequest) {
        state.withLock { state in
            state.open[request.path, default: 1] -= 1
            state.openAll -= 1
        }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if isStopped { return }
                if errno == EINTR || errno == ECONNABORTED { continue }
                // Out of descriptors: back off rather than spin.
                usleep(10_000)
                continue
            }
            let admitted: Bool = state.withLock { state in
                guard !state.stopped else { return false }
                state.openConnections.insert(client)
                state.acceptedConnections += 1
                state.peakConnections = max(state.peakConnections, state.openConnections.count)
                return true
            }
            guard admitted else {
                close(client)
                return
            }
            // Trickled bodies are written in tiny pieces that must leave at once, not when Nagle's algorithm
            // decides to coalesce them.
            var noDelay: Int32 = 1
            _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in
                serve(client)
                // Closed under the lock so that stop() never shuts down a descriptor number already reused.
                state.withLock { state in
                    _ = state.openConnections.remove(client)
                    close(client)
                }
            }
            thread.name = "loopback-conn"
            thread.start()
        }
    }
}
