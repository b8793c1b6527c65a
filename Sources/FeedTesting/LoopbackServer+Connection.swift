import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension LoopbackServer {
    /// Serves requests on one connection until the client or the server hangs up (RFC 9112 §9.3 persistence).
    func serve(_ socket: Int32) {
        var reader = RequestReader(socket: socket)
        while let (request, keepAlive) = reader.next() {
            record(request)
            let response = handler(request)
            let persistent = respond(response, to: request, on: socket, keepAlive: keepAlive)
            answered(request)
            guard persistent else { return }
        }
    }

    /// Writes one response; false when the connection must end.
    private func respond(_ response: TestResponse, to request: TestRequest, on socket: Int32, keepAlive: Bool) -> Bool {
        if case .stall(let delay) = response.pace, !pause(delay) { return false }
        // RFC 9110 §6.4.1: HEAD, 1xx, 204 and 304 responses carry no content.
        let bodyless =
            request.method == "HEAD" || response.status < 200 || response.status == 204
            || response.status == 304
        let body = bodyless ? Data() : response.body
        var persistent = keepAlive
        var lengthHeader: String? = bodyless ? nil : String(body.count)
        switch response.pace {
        case .endless:
            // No length: the body ends only when the connection does (RFC 9112 §6.3 rule 8).
            lengthHeader = nil
            persistent = false
        case .cutShort:
            persistent = false
        case .immediate, .trickle, .stall:
            break
        }
        var head = "HTTP/1.1 \(response.status) \(Self.reasonPhrase(response.status))\r\n"
        let given = Set(response.headers.map { $0.0.lowercased() })
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        if let lengthHeader, !given.contains("content-length") { head += "Content-Length: \(lengthHeader)\r\n" }
        if !given.contains("connection") { head += persistent ? "Connection: keep-alive\r\n" : "Connection: close\r\n" }
        head += "\r\n"
        if bodyless { return send(Data(head.utf8), on: socket) && persistent }

        switch response.pace {
        case .immediate, .stall:
            // One write for head and body: two small writes would meet Nagle's algorithm and the client's delayed
            // ACK and cost ~40 ms per response.
            return send(Data(head.utf8) + body, on: socket) && persistent
        case .trickle(let bytes, let every):
            guard send(Data(head.utf8), on: socket) else { return false }
            var offset = 0
            let step = max(1, bytes)
            while offset < body.count {
                let end = min(body.count, offset + step)
                guard send(body[offset..<end], on: socket) else { return false }
                offset = end
                if offset < body.count, !pause(every) { return false }
            }
            return persistent
        case .cutShort(let after):
            _ = send(Data(head.utf8) + body.prefix(max(0, after)), on: socket)
            return false
        case .endless:
            guard send(Data(head.utf8), on: socket) else { return false }
            let chunk = body.isEmpty ? Data(repeating: UInt8(ascii: "x"), count: 16 * 1024) : body
            while !isStopped {
                guard send(chunk, on: socket) else { return false }
            }
            return false
        }
    }

    /// Sleeps in short slices so that stop() is never held up by a stalled response; false once stopped.
    private func pause(_ duration: Duration) -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if isStopped { return false }
            let left = deadline - ContinuousClock.now
            let slice = min(left, .milliseconds(20))
            let (seconds, attoseconds) = slice.components
            let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
            if micros > 0 { usleep(UInt32(micros)) }
        }
        return !isStopped
    }

    /// Writes all of `data`; false when the peer has gone. MSG_NOSIGNAL: a vanished client must not SIGPIPE the
    /// test process.
    private func send(_ data: Data, on socket: Int32) -> Bool {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < buffer.count {
                let sent = Glibc.send(socket, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += sent
            }
            return true
        }
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

/// Reads HTTP/1.1 requests off a socket: request line, header fields, and a Content-Length body. Bytes past one request stay buffered for the next (pipelining).
struct RequestReader {
    let socket: Int32
    private var buffer: [UInt8] = []

    init(socket: Int32) { self.socket = socket }

    /// The next request and whether the connection may stay open after it; nil at end of stream or on garbage.
    mutating func next() -> (TestRequest, Bool)? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if let found = find(separator) {
                headEnd = found
                break
            }
            // A request head over 64 KiB is not something tests send: treat it as garbage.
            guard buffer.count < 65_536, fill() else { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + separator.count)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        var bodyLeft = Int(headers["content-length"] ?? "0") ?? 0
        var body = Data()
        while bodyLeft > 0 {
            if buffer.isEmpty, !fill() { return nil }
            let taken = min(bodyLeft, buffer.count)
            body.append(contentsOf: buffer[..<taken])
            buffer.removeFirst(taken)
            bodyLeft -= taken
        }
        let version = String(requestLine[2])
        let connection = headers["connection"]?.lowercased() ?? ""
        // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
        let keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        let request = TestRequest(
            method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
        return (request, keepAlive)
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for start in 0...(buffer.count - needle.count)
        where buffer[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
    }
}
