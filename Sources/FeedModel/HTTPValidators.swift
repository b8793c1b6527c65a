/// The validators of a feed's last response, sent back as `If-None-Match` / `If-Modified-Since` (RFC 9110 §13).
public struct HTTPValidators: Sendable, Hashable, Codable {
    /// The `ETag` response header, verbatim (weak tags keep their `W/` prefix).
    public var etag: String?
    /// The `Last-Modified` response header, verbatim: servers compare it as a string.
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// True when there is nothing to make a request conditional with.
    public var isEmpty: Bool { etag == nil && lastModified == nil }
}
