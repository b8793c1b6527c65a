import Foundation

/// A request as the loopback server received it.
public struct TestRequest: Sendable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The request target as sent (path and query).
    public var path: String
    /// Header fields, names lower-cased; repeated fields joined with ", ".
    public var headers: [String: String]
    /// The body a Content-Length announced (empty for none).
    public var body: Data

    /// A request from its parts.
    public init(method: String, path: String, headers: [String: String], body: Data = Data()) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// What the loopback server answers, and how fast.
public struct TestResponse: Sendable {
    /// How the server delivers a response, to imitate slow, stuck or broken servers.
    public enum Pace: Sendable {
        /// Headers and body at once.
        case immediate
        /// Headers at once, then `bytes` body bytes every `every` (a slow-loris body).
        case trickle(bytes: Int, every: Duration)
        /// Headers without a length, then the body (or filler) repeated until the client hangs up.
        case endless
        /// Waits this long before sending anything, then answers at once.
        case stall(Duration)
        /// Declares the full Content-Length but closes the connection after this many body bytes.
        case cutShort(after: Int)
    }

    /// The status code.
    public var status: Int
    /// Header fields in order; `Content-Length` and `Connection` are added by the server unless given here.
    public var headers: [(String, String)]
    /// The body (ignored for HEAD, 1xx, 204 and 304).
    public var body: Data
    /// How the response is delivered.
    public var pace: Pace

    /// A response; by default an empty `200`, sent at once.
    public init(status: Int = 200, headers: [(String, String)] = [], body: Data = Data(), pace: Pace = .immediate) {
        self.status = status
        self.headers = headers
        self.body = body
        self.pace = pace
    }
}

/// Why the loopback server could not start, as a sentence naming the failed socket call.
public struct LoopbackServerError: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        case socketCall(name: String, errno: Int32)
    }

    private let reason: Reason

    init(call name: String, errno: Int32) { reason = .socketCall(name: name, errno: errno) }

    /// The human sentence.
    public var description: String {
        switch reason {
        case .socketCall(let name, let code):
            return "The loopback server's \(name)() failed: \(String(cString: strerror(code)))"
        }
    }
}
