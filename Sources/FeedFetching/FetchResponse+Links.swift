extension FetchResponse {
    /// The links of the response's `Link` headers (RFC 8288), every header line in order; targets as written,
    /// to be resolved against ``finalURL``.
    public var links: [WebLink] { headers["link"].map(WebLink.parse) ?? [] }
}
