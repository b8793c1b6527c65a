/// What the callback answers a hub: a status and a plain-text body.
public struct CallbackResponse: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// The body (the echoed `hub.challenge` for a confirmed verification, else empty).
    public var body: String

    /// A response from its parts.
    public init(status: Int, body: String = "") {
        self.status = status
        self.body = body
    }

    /// 404: no subscription feedd asked for matches.
    public static let notFound = CallbackResponse(status: 404)
}
