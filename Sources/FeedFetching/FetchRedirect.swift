/// One followed redirect: which URL answered with which 3xx status, and where it pointed.
public struct FetchRedirect: Sendable, Hashable {
    /// The redirect status: 301/308 are permanent, 302/303/307 temporary (RFC 9110 §15.4).
    public var status: Int
    /// The URL that answered with the redirect.
    public var url: String
    /// The absolute URL its `Location` header pointed to (resolved against `url`, RFC 9110 §10.2.2).
    public var location: String

    /// A redirect from its parts.
    public init(status: Int, url: String, location: String) {
        self.status = status
        self.url = url
        self.location = location
    }

    /// True for 301 Moved Permanently and 308 Permanent Redirect (RFC 9110 §15.4.2, §15.4.9): the only hops that
    /// entitle a client to update a stored URL.
    public var isPermanent: Bool { status == 301 || status == 308 }
}
