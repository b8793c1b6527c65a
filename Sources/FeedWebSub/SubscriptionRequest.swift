/// A subscriber's request to a hub (W3C WebSub §5.1): a form POSTed to the hub's URL.
public struct SubscriptionRequest: Sendable, Hashable {
    /// Where the form goes.
    public var hub: String
    /// ``HubMode/subscribe`` or ``HubMode/unsubscribe``.
    public var mode: HubMode
    /// `hub.topic`.
    public var topic: String
    /// `hub.callback`: the subscription's own URL.
    public var callback: String
    /// `hub.secret`, sent with a subscribe request only (the spec defines it for subscriptions).
    public var secret: String?
    /// `hub.lease_seconds`, sent with a subscribe request only.
    public var leaseSeconds: Int?

    /// A request from its parts.
    public init(
        hub: String, mode: HubMode, topic: String, callback: String, secret: String? = nil, leaseSeconds: Int? = nil
    ) {
        self.hub = hub
        self.mode = mode
        self.topic = topic
        self.callback = callback
        self.secret = secret
        self.leaseSeconds = leaseSeconds
    }

    /// The form's fields, in the spec's order.
    public var fields: [(String, String)] {
        var fields = [("hub.callback", callback), ("hub.mode", mode.rawValue), ("hub.topic", topic)]
        if mode == .subscribe {
            if let leaseSeconds { fields.append(("hub.lease_seconds", String(leaseSeconds))) }
            if let secret { fields.append(("hub.secret", secret)) }
        }
        return fields
    }

    /// The `application/x-www-form-urlencoded` body.
    public var body: [UInt8] { Array(FormEncoding.encode(fields).utf8) }

    /// The content type of ``body``.
    public static let contentType = "application/x-www-form-urlencoded"
}
