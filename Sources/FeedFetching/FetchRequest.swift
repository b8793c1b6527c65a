import FeedModel
import Foundation

/// One HTTP request to perform: a GET of a feed (the URL, the validators that make it conditional), or a POST of
/// a body (a webhook), and the limits it runs under.
public struct FetchRequest: Sendable {
    /// The absolute http(s) URL to fetch; other schemes are refused with ``FetchError/Kind/forbiddenScheme``.
    public var url: String
    /// Sent back as `If-None-Match` / `If-Modified-Since` when present (RFC 9110 §13.1.2, §13.1.3).
    public var validators: HTTPValidators
    /// The `User-Agent` request header.
    public var userAgent: String
    /// Extra request headers, sent verbatim.
    public var headers: [String: String]
    /// How long the TCP (and TLS) connect may take.
    public var connectTimeout: Duration
    /// How long the whole transfer may take, redirects included; time spent queued for a free slot does not count.
    public var timeout: Duration
    /// The slowest transfer rate, in bytes per second, that counts as progress (`CURLOPT_LOW_SPEED_LIMIT`).
    public var lowSpeedLimit: Int
    /// How long the rate may stay under ``lowSpeedLimit`` before the transfer is cut off as a
    /// ``FetchError/Kind/timeout`` (`CURLOPT_LOW_SPEED_TIME`, whole seconds, at most ``timeout``): a server that
    /// trickles bytes (a slow-loris body) or stops mid-body frees its slot long before the whole-transfer limit.
    public var lowSpeedTime: Duration
    /// The largest decompressed body accepted; a larger one fails with ``FetchError/Kind/tooLarge``.
    public var maxBodyBytes: Int
    /// How many redirects are followed before failing with ``FetchError/Kind/tooManyRedirects``.
    public var maxRedirects: Int
    /// Skips TLS certificate and host name verification: an escape hatch for feeds on self-signed or
    /// misconfigured servers. The fetcher logs a warning on every request that uses it. Otherwise certificates
    /// are checked against the system CA bundle libcurl was built with (on Debian,
    /// /etc/ssl/certs/ca-certificates.crt).
    public var insecure: Bool
    /// The proxy to use, in libcurl's syntax (`http://host:port`, `socks5h://host:port`...). Nil keeps libcurl's
    /// default of reading `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` from the environment; an empty
    /// string means no proxy at all, whatever the environment says.
    public var proxy: String?
    /// A body to POST instead of a GET. A POST follows no redirect unless ``followsMethodPreservingRedirects``:
    /// a webhook is configured with its final URL, and libcurl would turn a redirected POST into a GET (RFC 9110
    /// §15.4.2 lets clients do so) that delivers nothing.
    public var postBody: [UInt8]?
    /// For a POST: follow 307 and 308 redirects, which keep the method and the body (RFC 9110 §15.4.8, §15.4.9),
    /// under the same rules as a GET's (http(s) only, at most ``maxRedirects``, one ``timeout`` for every hop),
    /// and no other redirect. A WebSub hub may move this way (W3C WebSub §5.1); a webhook leaves it off.
    public var followsMethodPreservingRedirects = false

    /// A GET of `url` with the given limits.
    public init(
        url: String, validators: HTTPValidators = HTTPValidators(), userAgent: String,
        headers: [String: String] = [:], connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(60), maxBodyBytes: Int = 16 << 20, maxRedirects: Int = 5,
        insecure: Bool = false, proxy: String? = nil, lowSpeedLimit: Int = 100, lowSpeedTime: Duration = .seconds(30)
    ) {
        self.url = url
        self.validators = validators
        self.userAgent = userAgent
        self.headers = headers
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.insecure = insecure
        self.proxy = proxy
        // 100 bytes/s for 30 s: a feed of typical size (tens of KB) needs over 1 KB/s to arrive within the default
        // 60 s anyway, so a server this slow for this long is stalled or hostile, not merely on a slow link.
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
    }
}

extension FetchRequest {
    /// The host the per-host limits apply to: lower-cased name and port (the scheme's default when absent), as
    /// libcurl identifies a host for `CURLMOPT_MAX_HOST_CONNECTIONS`. An unparsable URL is its own host.
    var hostKey: String {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else {
            return url
        }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a sub-millisecond limit does not become "no limit" (curl reads 0
    /// as infinite).
    var wholeMilliseconds: Int {
        Int(max(1, millisecondsRoundedUp))
    }
}
