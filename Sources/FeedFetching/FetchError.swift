/// Why a fetch did not produce a usable response, as a sentence naming the cause.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    /// The broad class of failure, for retry and back-off decisions.
    public enum Kind: Sendable, Hashable {
        /// The host name could not be resolved.
        case dns
        /// The TCP connection could not be established.
        case connect
        /// The TLS handshake or certificate check failed.
        case tls
        /// A connect, whole-transfer or low-speed time limit ran out.
        case timeout
        /// The server answered with an error status (built with ``httpStatus(_:)`` or ``classify(_:)``).
        case httpStatus
        /// 410 Gone: the resource was removed on purpose and will not come back (RFC 9110 §15.5.11).
        case gone
        /// A 403 carrying `cf-mitigated: challenge`: a bot-protection page a feed reader cannot pass, not an
        /// access rule about the feed itself.
        case botWall
        /// The body exceeded the request's `maxBodyBytes`.
        case tooLarge
        /// More redirects than the request's `maxRedirects`.
        case tooManyRedirects
        /// The URL, or a redirect target, is not http or https.
        case forbiddenScheme
        /// The calling task was cancelled, or the fetcher was shut down.
        case cancelled
        /// Anything else (malformed URL, protocol error, connection reset...).
        case other
    }

    private enum Reason: Sendable {
        case dns(host: String)
        case connect(host: String, detail: String)
        case tls(host: String, detail: String)
        case timeout(url: String, detail: String)
        case httpStatus(Int)
        case gone(url: String)
        case botWall(url: String)
        case tooLarge(url: String, limit: Int)
        case tooManyRedirects(url: String, limit: Int)
        case forbiddenScheme(url: String, detail: String)
        case cancelled(url: String)
        case shutdown(url: String)
        case other(url: String, detail: String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The error a scheduler reports for a response whose status is 400 or above.
    public static func httpStatus(_ code: Int) -> FetchError { FetchError(.httpStatus(code)) }

    /// The HTTP status, for ``Kind/httpStatus``, ``Kind/gone`` (410) and ``Kind/botWall`` (403) errors.
    public var httpStatus: Int? {
        switch reason {
        case .httpStatus(let code): code
        case .gone: 410
        case .botWall: 403
        default: nil
        }
    }

    /// The broad class of failure.
    public var kind: Kind {
        switch reason {
        case .dns: .dns
        case .connect: .connect
        case .tls: .tls
        case .timeout: .timeout
        case .httpStatus: .httpStatus
        case .gone: .gone
        case .botWall: .botWall
        case .tooLarge: .tooLarge
        case .tooManyRedirects: .tooManyRedirects
        case .forbiddenScheme: .forbiddenScheme
        case .cancelled, .shutdown: .cancelled
        case .other: .other
        }
    }

    /// The human sentence.
    public var description: String {
        switch reason {
        case .dns(let host):
            return "DNS lookup failed for \(host)"
        case .connect(let host, let detail):
            return "Could not connect to \(host): \(detail)"
        case .tls(let host, let detail):
            return "TLS handshake with \(host) failed: \(detail)"
        case .timeout(let url, let detail):
            return "Timed out fetching \(url): \(detail)"
        case .httpStatus(let code):
            let phrase = Self.reasonPhrase(code)
            return phrase.isEmpty ? "HTTP \(code)" : "HTTP \(code) \(phrase)"
        case .gone(let url):
            return "HTTP 410 Gone: the server says \(url) has been removed for good"
        case .botWall(let url):
            return "HTTP 403 Forbidden: \(url) is behind a bot-protection challenge (cf-mitigated: challenge) that a "
                + "feed reader cannot pass"
        case .tooLarge(let url, let limit):
            return "The body of \(url) is larger than the \(limit)-byte limit"
        case .tooManyRedirects(let url, let limit):
            return "Fetching \(url) was redirected more than \(limit) times"
        case .forbiddenScheme(let url, let detail):
            return "Refused to fetch \(url) (only http and https are allowed): \(detail)"
        case .cancelled(let url):
            return "The fetch of \(url) was cancelled"
        case .shutdown(let url):
            return "The fetch of \(url) was abandoned because the fetcher shut down"
        case .other(let url, let detail):
            return "Fetching \(url) failed: \(detail)"
        }
    }

    static func gone(url: String) -> FetchError { .init(.gone(url: url)) }
    static func botWall(url: String) -> FetchError { .init(.botWall(url: url)) }
    static func dns(host: String) -> FetchError { .init(.dns(host: host)) }
    static func connect(host: String, detail: String) -> FetchError { .init(.connect(host: host, detail: detail)) }
    static func tls(host: String, detail: String) -> FetchError { .init(.tls(host: host, detail: detail)) }
    static func timeout(url: String, detail: String) -> FetchError { .init(.timeout(url: url, detail: detail)) }
    static func tooLarge(url: String, limit: Int) -> FetchError { .init(.tooLarge(url: url, limit: limit)) }
    static func tooManyRedirects(url: String, limit: Int) -> FetchError {
        .init(.tooManyRedirects(url: url, limit: limit))
    }
    static func forbiddenScheme(url: String, detail: String) -> FetchError {
        .init(.forbiddenScheme(url: url, detail: detail))
    }
    static func cancelled(url: String) -> FetchError { .init(.cancelled(url: url)) }
    static func shutdown(url: String) -> FetchError { .init(.shutdown(url: url)) }
    static func other(url: String, detail: String) -> FetchError { .init(.other(url: url, detail: detail)) }

    /// Reason phrases of the statuses feeds commonly answer with (RFC 9110 §15); others print the code alone.
    private static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 451: "Unavailable For Legal Reasons"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }
}
