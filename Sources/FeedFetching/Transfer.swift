internal import CCurl
import FeedModel
import Foundation

/// One easy handle and everything it has received so far. Lives on the transfer thread only: libcurl calls its
/// callbacks from `curl_multi_perform` on that thread, so none of this state is shared.
final class Transfer {
    let id: Int
    let request: FetchRequest
    /// The request's ``FetchRequest/hostKey``, for the engine's per-host bookkeeping.
    let host: String
    let continuation: CheckedContinuation<Result<FetchResponse, FetchError>, Never>
    let easy: UnsafeMutableRawPointer
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private(set) var body = Data()
    private(set) var headers: [String: String] = [:]
    /// Set by the write callback when it refuses data over `maxBodyBytes`, so that the resulting
    /// `CURLE_WRITE_ERROR` is reported as "too large" rather than as a local I/O failure.
    private(set) var exceededBodyLimit = false
    /// The redirects followed so far, built from each hop's status line and `Location` header.
    private(set) var redirects: [FetchRedirect] = []
    /// The URL and status of the response whose headers are arriving now.
    private var hopURL: String
    private var hopStatus = 0

    /// Creates and configures the easy handle; fails when libcurl refuses an option.
    init(
        id: Int, request: FetchRequest, host: String, share: UnsafeMutableRawPointer,
        continuation: CheckedContinuation<Result<FetchResponse, FetchError>, Never>
    ) throws(FetchError) {
        guard let easy = curl_easy_init() else {
            throw FetchError.other(url: request.url, detail: "libcurl could not create a transfer handle")
        }
        self.id = id
        self.request = request
        self.host = host
        self.continuation = continuation
        self.easy = easy
        hopURL = request.url
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try configure(share: share)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(requestHeaders)
        errorBuffer.deallocate()
    }

    /// Applies the request's URL, headers and limits to the easy handle.
    private func configure(share: UnsafeMutableRawPointer) throws(FetchError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_USERAGENT, request.userAgent)
        // Signals are process-wide and unsafe with threads; libcurl must not use SIGALRM for DNS timeouts.
        try set(CURLOPT_NOSIGNAL, 1)
        // Only http and https, on the first request and on every redirect: feeds must not make the daemon read
        // local files (file://) or talk other protocols (SSRF-style surprises).
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        if let body = request.postBody {
            try check(CCurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // COPYPOSTFIELDS: libcurl keeps its own copy, so the body need not outlive this call. An empty body
            // still needs a valid pointer.
            let code = (body.isEmpty ? [0] : body).withUnsafeBytes { raw in
                CCurl_easy_setopt_pointer(
                    easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            }
            try check(code)
        } else {
            try set(CURLOPT_FOLLOWLOCATION, 1)
            try set(CURLOPT_MAXREDIRS, request.maxRedirects)
        }
        // An empty string asks for every encoding this libcurl can decode, and decodes it transparently.
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.wholeMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, request.timeout.wholeMilliseconds)
        // A server sending slower than the request's low-speed limit for its low-speed time (or the whole timeout,
        // if shorter) is stalled: give up on it early instead of holding a transfer slot until the whole limit.
        let window = min(request.lowSpeedTime, request.timeout).wholeMilliseconds
        try set(CURLOPT_LOW_SPEED_LIMIT, max(1, request.lowSpeedLimit))
        try set(CURLOPT_LOW_SPEED_TIME, max(1, (window + 999) / 1000))
        // HTTP/2 over TLS where the server offers it in ALPN, HTTP/1.1 otherwise (libcurl's default since 7.62,
        // set here so that it stays so). With the multi handle's CURLPIPE_MULTIPLEX, transfers to one HTTP/2 host
        // share one connection as streams, and PIPEWAIT makes a new https transfer wait for the handshake of a
        // connection being opened to learn from ALPN whether it can ride along, rather than open another: fewer
        // connections for the site. Not for plain http: there libcurl would only learn "no multiplexing" from the
        // first complete response, so every other transfer to the host would wait for it (a slow first response
        // would hold up the whole host).
        try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if request.url.lowercased().hasPrefix("https:") { try set(CURLOPT_PIPEWAIT, 1) }
        // A declared Content-Length over the cap fails before any body is read. The wire size of a compressed
        // body is smaller than the decoded one, so this never refuses a body the write callback would accept.
        try check(CCurl_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBodyBytes)))
        if request.insecure {
            // The caller asked for it explicitly (and the engine logs it): accept any certificate for any name.
            try set(CURLOPT_SSL_VERIFYPEER, 0)
            try set(CURLOPT_SSL_VERIFYHOST, 0)
        }
        // Left unset, libcurl honours the proxy environment variables; set (even empty), it overrides them.
        if let proxy = request.proxy { try set(CURLOPT_PROXY, proxy) }
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_SHARE, share))
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, me))
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me))
        try check(CCurl_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, transferWriteCallback))
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
        try check(CCurl_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, transferHeaderCallback))

        var lines: [String] = []
        // RFC 9110 §13.1.2 / §13.1.3: the stored validators make the GET conditional.
        if let etag = request.validators.etag { lines.append("If-None-Match: \(etag)") }
        if let lastModified = request.validators.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) { lines.append("\(name): \(value)") }
        for line in lines { requestHeaders = curl_slist_append(requestHeaders, line) }
        if let requestHeaders { try check(CCurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, requestHeaders)) }
    }

    /// libcurl's specific message for the last failure (CURLOPT_ERRORBUFFER), empty when it left none.
    var errorBufferText: String { String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines) }

    private func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        try check(CCurl_easy_setopt_string(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(CCurl_easy_setopt_long(easy, option, value))
    }

    private func check(_ code: CURLcode) throws(FetchError) {
        guard code != CURLE_OK else { return }
        let detail = String(cString: curl_easy_strerror(code))
        throw FetchError.other(url: request.url, detail: "libcurl refused an option: \(detail)")
    }

    /// Appends body bytes; returns false (abort) once the decoded body would exceed the cap.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= request.maxBodyBytes else {
            exceededBodyLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Records one header line. A status line starts a new response (a redirect hop, or an interim 1xx), so
    /// what came before is dropped: only the final response's headers and body are returned.
    ///
    /// Works on the raw bytes: header lines are ASCII in practice and Foundation's trimming of a bridged String
    /// cost a quarter of the fetcher's CPU on a run of 304s.
    func receiveHeader(_ line: UnsafeRawBufferPointer) {
        let trimmed = Self.trimmed(line[...])
        guard !trimmed.isEmpty else { return }
        if trimmed.starts(with: Self.statusPrefix) {
            // Header bytes are not guaranteed UTF-8 (RFC 9110 §5.5 allows obs-text): decode leniently.
            noteHop(statusLine: String(decoding: trimmed, as: UTF8.self))
            headers = [:]
            body = Data()
            return
        }
        guard let colon = trimmed.firstIndex(of: UInt8(ascii: ":")) else { return }
        let nameBytes = Self.trimmed(trimmed[..<colon])
        guard !nameBytes.isEmpty else { return }
        // Field names are case-insensitive ASCII tokens (RFC 9110 §5.1): lower-case them byte by byte.
        let name = String(
            decoding: nameBytes.lazy.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 },
            as: UTF8.self)
        let value = String(decoding: Self.trimmed(trimmed[(colon + 1)...]), as: UTF8.self)
        // RFC 9110 §5.3: repeated fields combine into one comma-separated list.
        if let existing = headers[name] {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
    }

    private static let statusPrefix = Array("HTTP/".utf8)

    /// `bytes` without leading and trailing spaces, tabs, CR and LF (RFC 9110 §5.5: optional whitespace around a
    /// field value; the line ends in CRLF).
    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\n")
        }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[first...last]
    }
}

extension Transfer {
    /// A new status line: if the response before it was a redirect that libcurl followed, record the hop. Interim
    /// 1xx responses and a proxy's `200 Connection established` have no `Location` and are not hops.
    fileprivate func noteHop(statusLine: String) {
        if (300..<400).contains(hopStatus), let location = headers["location"] {
            // RFC 9110 §10.2.2: Location may be relative to the URL that sent it.
            let target = URL(string: location, relativeTo: URL(string: hopURL))?.absoluteString ?? location
            redirects.append(FetchRedirect(status: hopStatus, url: hopURL, location: target))
            hopURL = target
        }
        // "HTTP/1.1 301 Moved Permanently" / "HTTP/2 301": the code is the second field.
        let fields = statusLine.split(separator: " ", maxSplits: 2)
        hopStatus = fields.count >= 2 ? Int(fields[1]) ?? 0 : 0
    }
}

/// CURLOPT_WRITEFUNCTION: hands body bytes to the transfer named by `userdata`. Returning anything other than the
/// byte count makes libcurl abort with `CURLE_WRITE_ERROR`.
private func transferWriteCallback(
    data: UnsafeMutablePointer<CChar>?, size: Int, count: Int, userdata: UnsafeMutableRawPointer?
) -> Int {
    withTransfer(userdata, data, size * count) { transfer, bytes in transfer.receiveBody(bytes) }
}

/// The shared prologue of libcurl's data callbacks: the transfer behind `userdata` and the bytes. Returns the byte
/// count when `handle` accepts them (or there are none), 0 (abort) otherwise.
private func withTransfer(
    _ userdata: UnsafeMutableRawPointer?, _ data: UnsafeMutablePointer<CChar>?, _ length: Int,
    _ handle: (Transfer, UnsafeRawBufferPointer) -> Bool
) -> Int {
    guard let userdata else { return 0 }
    guard length > 0, let data else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return handle(transfer, UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// CURLOPT_HEADERFUNCTION: one complete header line per call, CRLF included.
private func transferHeaderCallback(
    data: UnsafeMutablePointer<CChar>?, size: Int, count: Int, userdata: UnsafeMutableRawPointer?
) -> Int {
    withTransfer(userdata, data, size * count) { transfer, bytes in
        transfer.receiveHeader(bytes)
        return true
    }
}
