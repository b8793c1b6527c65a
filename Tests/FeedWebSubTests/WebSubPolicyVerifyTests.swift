import FeedWebSub
import Foundation
import Testing

/// The callback's answers to a hub's GETs (W3C WebSub §5.2, §5.3).
@Suite struct WebSubPolicyVerifyTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let topic = "https://blog.example/feed"
    static let asked = Subscription(
        hub: "https://hub.example/", topic: topic,
        credentials: SubscriptionCredentials(token: String(repeating: "0", count: 32), secret: "secret"),
        intent: .subscribe, state: .requested(at: now.addingTimeInterval(-5)))

    static func query(_ mode: String, topic: String = topic, extra: String = "&hub.challenge=c%20h") -> String {
        "hub.mode=\(mode)&hub.topic=\(topic.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)\(extra)"
    }

    @Test("a subscribe verification of what feedd asked: the challenge echoed, the lease the hub granted")
    func confirms() throws {
        let outcome = WebSubPolicy().verify(
            query: Self.query("subscribe", extra: "&hub.challenge=c%20h&hub.lease_seconds=3600"),
            subscription: Self.asked, now: Self.now)
        #expect(outcome.response == CallbackResponse(status: 200, body: "c h"))
        #expect(outcome.subscription?.state == .active(until: Self.now.addingTimeInterval(3600), verifiedAt: Self.now))
    }

    @Test(
        "lease: the hub's, else the one asked for, planned as at most 30 days",
        arguments: [
            ("", 864_000.0), ("&hub.lease_seconds=0", 864_000), ("&hub.lease_seconds=abc", 864_000),
            ("&hub.lease_seconds=315360000", 2_592_000),
        ])
    func lease(extra: String, seconds: TimeInterval) {
        let outcome = WebSubPolicy().verify(
            query: Self.query("subscribe", extra: "&hub.challenge=x" + extra), subscription: Self.asked, now: Self.now)
        #expect(
            outcome.subscription?.state == .active(until: Self.now.addingTimeInterval(seconds), verifiedAt: Self.now))
    }

    @Test(
        "refused with 404 and nothing changed",
        arguments: [
            ("no subscription at this token", query("subscribe"), false),
            ("another topic", query("subscribe", topic: "https://blog.example/other"), true),
            ("the mode feedd did not ask for", query("unsubscribe"), true),
            ("no challenge", query("subscribe", extra: ""), true),
            ("an empty challenge", query("subscribe", extra: "&hub.challenge="), true),
            ("an unknown mode", query("subscribed"), true),
            ("no topic", "hub.mode=subscribe&hub.challenge=x", true),
        ])
    func refuses(what: String, query: String, known: Bool) {
        let subscription = known ? Self.asked : nil
        let outcome = WebSubPolicy().verify(query: query, subscription: subscription, now: Self.now)
        #expect(outcome.response == .notFound, "\(what)")
        #expect(outcome.subscription == subscription, "\(what)")
    }

    @Test("an unsubscribe verification is confirmed only once feedd asked to unsubscribe")
    func unsubscribe() {
        var active = Self.asked
        active.state = .active(until: Self.now.addingTimeInterval(86_400), verifiedAt: Self.now)
        let forged = WebSubPolicy().verify(query: Self.query("unsubscribe"), subscription: active, now: Self.now)
        #expect(forged.response == .notFound)
        #expect(forged.subscription?.isActive(at: Self.now) == true)
        var ending = active
        ending.intent = .unsubscribe
        ending.state = .requested(at: Self.now)
        let confirmed = WebSubPolicy().verify(query: Self.query("unsubscribe"), subscription: ending, now: Self.now)
        #expect(confirmed.response == CallbackResponse(status: 200, body: "c h"))
        #expect(confirmed.subscription?.state == .ended(at: Self.now))
    }

    @Test("a denial of the topic is recorded with its reason; a denial of another topic is not")
    func denial() {
        let denied = WebSubPolicy().verify(
            query: Self.query("denied", extra: "&hub.reason=not+allowed"), subscription: Self.asked, now: Self.now)
        #expect(denied.response.status == 200)
        #expect(denied.subscription?.state == .denied(reason: "not allowed", at: Self.now))
        #expect(WebSubPolicy().pushState(of: denied.subscription!, now: Self.now) == .denied)
        let elsewhere = WebSubPolicy().verify(
            query: Self.query("denied", topic: "https://x.example/", extra: ""), subscription: Self.asked, now: Self.now
        )
        #expect(elsewhere.response == .notFound)
        #expect(elsewhere.subscription == Self.asked)
    }
}
