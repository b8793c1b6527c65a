import FeedCrypto
import FeedModel
import Foundation
import Synchronization

extension WebSubHub {
    /// The hub's state and its answers, shared by the server's connection threads and the verification tasks.
    final class Core: Sendable {
        struct State {
            var subscriptions: [String: Subscription] = [:]
            var verifications: [Verification] = []
            var denied: [String: String] = [:]
            var pushed: [String: Set<String>] = [:]
        }

        let clock: any FeedClock
        let maximumLease: Int
        let verifies: Bool
        let state = Mutex(State())
        /// Verification tasks under way, so that a test can wait for them all.
        let running = Mutex(0)

        init(clock: any FeedClock, maximumLease: Int, verifies: Bool) {
            self.clock = clock
            self.maximumLease = maximumLease
            self.verifies = verifies
        }

        /// Answers the hub's server: a subscription form at `/hub` (then verified in the background), a 307 at
        /// `/moved`, 404 elsewhere.
        func handle(_ request: TestRequest) -> TestResponse {
            let path = request.path.split(separator: "?", maxSplits: 1)[0]
            if path == "/moved" { return TestResponse(status: 307, headers: [("Location", "/hub")]) }
            guard path == "/hub" else { return TestResponse(status: 404) }
            guard request.method == "POST" else { return TestResponse(status: 405) }
            let fields = Self.formFields(String(decoding: request.body, as: UTF8.self))
            guard let mode = fields["hub.mode"].flatMap(Mode.init(rawValue:)), mode != .denied,
                let topic = fields["hub.topic"], !topic.isEmpty,
                let callback = fields["hub.callback"], let scheme = URL(string: callback)?.scheme,
                scheme == "http" || scheme == "https"
            else { return TestResponse(status: 400, body: Data("hub.mode, hub.topic and hub.callback\n".utf8)) }
            let lease = fields["hub.lease_seconds"].flatMap { Int($0) }
            let secret = fields["hub.secret"]
            guard verifies else { return TestResponse(status: 202) }
            running.withLock { $0 += 1 }
            // §5.1.2: the hub answers first and verifies afterwards.
            Task.detached {
                await self.verify(mode: mode, topic: topic, callback: callback, secret: secret, lease: lease)
                self.running.withLock { $0 -= 1 }
            }
            return TestResponse(status: 202)
        }

        /// Verifies one request (§5.3), or denies it when its topic is denied (§5.2), and applies the outcome.
        func verify(mode: Mode, topic: String, callback: String, secret: String?, lease: Int?) async {
            if mode == .subscribe, let reason = state.withLock({ $0.denied[topic] }) {
                await deny(topic: topic, callback: callback, reason: reason)
                return
            }
            let challenge = SHA256.hexString((0..<16).map { _ in UInt8.random(in: .min ... .max) })
            let granted = mode == .subscribe ? min(lease ?? maximumLease, maximumLease) : nil
            var query = [("hub.mode", mode.rawValue), ("hub.topic", topic), ("hub.challenge", challenge)]
            if let granted { query.append(("hub.lease_seconds", String(granted))) }
            let answer = await HubHTTP.send("GET", to: HubHTTP.url(callback, adding: query))
            let confirmed = answer.map { (200..<300).contains($0.status) && $0.body == Data(challenge.utf8) } ?? false
            let verifiedAt = clock.now()
            state.withLock { state in
                state.verifications.append(
                    Verification(
                        mode: mode, topic: topic, callback: callback, leaseSeconds: granted, status: answer?.status,
                        confirmed: confirmed))
                guard confirmed else { return }
                let key = topic + " " + callback
                if let granted {
                    state.subscriptions[key] = Subscription(
                        topic: topic, callback: callback, secret: secret,
                        expires: verifiedAt.addingTimeInterval(TimeInterval(granted)))
                } else {
                    state.subscriptions[key] = nil
                }
            }
        }

        /// Sends a denial of `topic` to `callback` and drops any subscription it had.
        func deny(topic: String, callback: String, reason: String) async {
            let query = [("hub.mode", "denied"), ("hub.topic", topic), ("hub.reason", reason)]
            let answer = await HubHTTP.send("GET", to: HubHTTP.url(callback, adding: query))
            state.withLock { state in
                state.subscriptions[topic + " " + callback] = nil
                state.verifications.append(
                    Verification(
                        mode: .denied, topic: topic, callback: callback, leaseSeconds: nil, status: answer?.status,
                        confirmed: answer.map { (200..<300).contains($0.status) } ?? false))
            }
        }

        /// The fields of a urlencoded form, read with Foundation's query parser (not feedd's), first value of each.
        static func formFields(_ body: String) -> [String: String] {
            var components = URLComponents()
            components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
            var fields: [String: String] = [:]
            for item in components.queryItems ?? [] where fields[item.name] == nil {
                fields[item.name] = item.value ?? ""
            }
            return fields
        }
    }
}
