import FeedTesting
import FeedWebSub
import Foundation
import Synchronization

/// A subscriber's callback on 127.0.0.1: a loopback server that answers hubs with ``WebSubPolicy``'s decisions
/// over the subscriptions it holds by token, and keeps what they decided (the wiring `run --listen` will do).
final class CallbackReceiver: Sendable {
    struct State {
        var subscriptions: [String: Subscription] = [:]
        var documents: [Data] = []
        var rejections: [WebSubError] = []
    }

    let policy: WebSubPolicy
    let clock: ManualClock
    let state = Mutex(State())
    private let server: Mutex<LoopbackServer?> = Mutex(nil)

    init(policy: WebSubPolicy = WebSubPolicy(), clock: ManualClock) throws {
        self.policy = policy
        self.clock = clock
        let server = try LoopbackServer { [weak self] request in self?.answer(request) ?? TestResponse(status: 503) }
        self.server.withLock { $0 = server }
    }

    deinit { server.withLock { $0?.stop() } }

    /// The base callback URL (`websub.callback`).
    var base: String { server.withLock { $0!.url("/websub") } }

    /// A new subscription to `topic` at `hub`, wanted and not yet asked.
    func add(hub: String, topic: String) -> Subscription {
        let subscription = Subscription(
            hub: hub, topic: topic, credentials: .generate(), intent: .subscribe, state: .requested(at: clock.now()))
        state.withLock { $0.subscriptions[subscription.credentials.token] = subscription }
        return subscription
    }

    /// Replaces a subscription (a new intent before a request).
    func update(_ subscription: Subscription) {
        state.withLock { $0.subscriptions[subscription.credentials.token] = subscription }
    }

    func subscription(_ token: String) -> Subscription? { state.withLock { $0.subscriptions[token] } }

    var documents: [Data] { state.withLock { $0.documents } }
    var rejections: [WebSubError] { state.withLock { $0.rejections } }

    private func answer(_ request: TestRequest) -> TestResponse {
        guard let token = SubscriptionCredentials.token(inPath: request.path, prefix: "/websub") else {
            return TestResponse(status: 404)
        }
        let query = request.path.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let response: CallbackResponse = state.withLock { state in
            let subscription = state.subscriptions[token]
            if request.method == "GET" {
                let outcome = policy.verify(query: query, subscription: subscription, now: clock.now())
                state.subscriptions[token] = outcome.subscription
                return outcome.response
            }
            let verdict = policy.judge(
                body: request.body, signature: request.headers["x-hub-signature"], subscription: subscription)
            if let document = verdict.document { state.documents.append(document) }
            if let rejection = verdict.rejection { state.rejections.append(rejection) }
            return verdict.response
        }
        return TestResponse(
            status: response.status, headers: [("Content-Type", "text/plain")], body: Data(response.body.utf8))
    }
}
