/// A hub's GET to a callback (W3C WebSub §5.2, §5.3): a verification of intent or a denial, read from the query.
public struct VerificationQuery: Sendable, Hashable {
    /// `hub.mode`.
    public var mode: HubMode
    /// `hub.topic`.
    public var topic: String
    /// `hub.challenge`, required to verify a subscribe or unsubscribe request.
    public var challenge: String?
    /// `hub.lease_seconds`, a positive whole number, when the hub sent one.
    public var leaseSeconds: Int?
    /// `hub.reason`, with a denial.
    public var reason: String?

    /// Reads the query string (without its `?`); a repeated name keeps its first value. Refuses a query without
    /// a known mode or a topic, and a verification without a challenge.
    public init(query: String) throws(WebSubError) {
        let values = FormEncoding.firstValues(query)
        guard let modeText = values["hub.mode"], let mode = HubMode(rawValue: modeText) else {
            throw WebSubError(.invalidRequest, "hub.mode \(values["hub.mode"]?.prefix(32) ?? "missing")")
        }
        guard let topic = values["hub.topic"], !topic.isEmpty else {
            throw WebSubError(.invalidRequest, "hub.topic missing")
        }
        let challenge = values["hub.challenge"].flatMap { $0.isEmpty ? nil : $0 }
        guard mode == .denied || challenge != nil else { throw WebSubError(.invalidRequest, "hub.challenge missing") }
        self.mode = mode
        self.topic = topic
        self.challenge = challenge
        leaseSeconds = values["hub.lease_seconds"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        reason = values["hub.reason"]
    }
}
