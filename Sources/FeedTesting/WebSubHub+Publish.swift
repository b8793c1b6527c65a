import FeedCrypto
import Foundation

extension WebSubHub {
    /// Pushes `feed` to every subscriber of its topic whose lease has not ended (W3C WebSub §7): a POST of the
    /// Atom document with the hub's `Link` headers, signed as `signing` says. With ``Payload/diff`` the document
    /// holds only the entries not pushed before for this topic.
    public func publish(_ feed: HubFeed, payload: Payload = .fat, signing: Signing = .hmac(.sha256)) async
        -> [Delivery]
    {
        let subscribers = subscriptions(topic: feed.topic)
        let entries = core.state.withLock { state in
            let seen = state.pushed[feed.topic, default: []]
            state.pushed[feed.topic, default: []].formUnion(feed.entries.map(\.id))
            return payload == .fat ? feed.entries : feed.entries.filter { !seen.contains($0.id) }
        }
        let body = feed.document(hub: url, entries: entries)
        var deliveries: [Delivery] = []
        for subscriber in subscribers {
            var headers = [
                ("Content-Type", "application/atom+xml"),
                ("Link", "<\(url)>; rel=\"hub\", <\(feed.topic)>; rel=\"self\""),
            ]
            if let signature = Self.signature(of: body, secret: subscriber.secret, signing: signing) {
                headers.append(("X-Hub-Signature", signature))
            }
            let answer = await HubHTTP.send("POST", to: subscriber.callback, headers: headers, body: body)
            deliveries.append(Delivery(callback: subscriber.callback, status: answer?.status, body: body))
        }
        return deliveries
    }

    /// Denies `topic` (W3C WebSub §5.2): each subscriber gets a `hub.mode=denied` GET and loses its subscription,
    /// and later subscribe requests for the topic are denied too.
    public func deny(topic: String, reason: String) async {
        let callbacks = core.state.withLock { state in
            state.denied[topic] = reason
            return state.subscriptions.values.filter { $0.topic == topic }.map(\.callback)
        }
        for callback in callbacks { await core.deny(topic: topic, callback: callback, reason: reason) }
    }

    /// How many verifications are under way (sent after a request was answered 202).
    public var verificationsInFlight: Int { core.running.withLock { $0 } }

    /// The `X-Hub-Signature` value for a push, nil when unsigned or when the subscriber gave no secret.
    static func signature(of body: Data, secret: String?, signing: Signing) -> String? {
        let key: String
        let algorithm: HMACAlgorithm
        switch signing {
        case .unsigned: return nil
        case .hmac(let method):
            guard let secret else { return nil }
            (key, algorithm) = (secret, method)
        case .forged(let method):
            (key, algorithm) = ("not the subscriber's secret", method)
        }
        let code = body.withUnsafeBytes { algorithm.authenticationCode(for: $0, key: Array(key.utf8)) }
        return "\(algorithm.rawValue)=\(SHA256.hexString(code))"
    }
}
