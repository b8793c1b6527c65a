import FeedModel
import Foundation

/// The final response of a completed HTTP exchange, whatever its status.
public struct FetchResponse: Sendable {
    /// The HTTP status code of the final response.
    public var status: Int
    /// The URL the final response came from, after redirects.
    public var finalURL: String
    /// The final response's headers, names lower-cased; repeated headers are joined with ", " (RFC 9110 §5.3).
    public var headers: [String: String]
    /// The body, decompressed.
    public var body: Data
    /// The `ETag` / `Last-Modified` of this response, to send back next time.
    public var validators: HTTPValidators
    /// How many redirects were followed.
    public var redirectCount: Int
    /// Every redirect followed, in order; the last one's `location` is `finalURL`.
    public var redirects: [FetchRedirect]
    /// When the response arrived: the reference for relative times such as ``retryAfter``.
    public var receivedAt: Date
    /// Body bytes as they came over the wire (before decompression).
    public var downloadedBytes: Int
    /// Where the time went.
    public var timings: FetchTimings

    /// A response built from its parts.
    public init(
        status: Int, finalURL: String, headers: [String: String], body: Data, validators: HTTPValidators,
        redirectCount: Int, downloadedBytes: Int, timings: FetchTimings, redirects: [FetchRedirect] = [],
        receivedAt: Date = Date()
    ) {
        self.status = status
        self.finalURL = finalURL
        self.headers = headers
        self.body = body
        self.validators = validators
        self.redirectCount = redirectCount
        self.downloadedBytes = downloadedBytes
        self.timings = timings
        self.redirects = redirects
        self.receivedAt = receivedAt
    }

    /// True for `304 Not Modified`: the validators matched and there is no body (RFC 9110 §15.4.5).
    public var isNotModified: Bool { status == 304 }

    /// The `Content-Type` header, if any.
    public var contentType: String? { headers["content-type"] }
}

/// Durations measured by libcurl from the start of the transfer.
public struct FetchTimings: Sendable {
    /// Until the last byte was received.
    public var total: Duration
    /// Until the TCP connection was established (zero when a kept-alive connection was reused).
    public var connect: Duration
    /// Until the first response byte arrived.
    public var firstByte: Duration

    /// Timings from their parts.
    public init(total: Duration, connect: Duration, firstByte: Duration) {
        self.total = total
        self.connect = connect
        self.firstByte = firstByte
    }
}
