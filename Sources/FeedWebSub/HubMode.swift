/// The `hub.mode` of a subscriber's request and of a hub's verification or denial (W3C WebSub §5.1, §5.2, §5.3).
public enum HubMode: String, Sendable, Hashable, CaseIterable {
    /// Asks for content distribution to the callback; a hub verifies it with the same mode.
    case subscribe
    /// Asks for it to stop; a hub verifies it with the same mode.
    case unsubscribe
    /// Sent by a hub, never asked for: the subscription was refused or ended by the hub (§5.2).
    case denied
}
