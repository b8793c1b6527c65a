import FeedCrypto
import FeedWebSub
import Foundation
import Testing

/// How a content distribution request is judged (W3C WebSub §7, §8).
@Suite struct WebSubPolicyPushTests {
    static let credentials = SubscriptionCredentials(token: String(repeating: "1", count: 32), secret: "the secret")
    static let subscription = Subscription(
        hub: "https://hub.example/", topic: "https://blog.example/feed", credentials: credentials, intent: .subscribe,
        state: .active(until: .distantFuture, verifiedAt: .distantPast))
    static let body = Data("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry/></feed>".utf8)

    static func signature(_ algorithm: HMACAlgorithm, secret: String = "the secret", body: Data = body) -> String {
        HubSignature(signing: body, secret: Array(secret.utf8), algorithm: algorithm).headerValue
    }

    @Test("a body signed with the subscription's secret is kept and answered 202", arguments: HMACAlgorithm.allCases)
    func authentic(algorithm: HMACAlgorithm) {
        let verdict = WebSubPolicy().judge(
            body: Self.body, signature: Self.signature(algorithm), subscription: Self.subscription)
        #expect(verdict == PushVerdict(document: Self.body, rejection: nil, response: CallbackResponse(status: 202)))
    }

    @Test(
        "unsigned, forged or malformed: ignored, still answered 202",
        arguments: [
            (nil, WebSubError.Kind.missingSignature),
            (signature(.sha256, secret: "a guess"), .signatureMismatch),
            (signature(.sha1, body: Data("another body".utf8)), .signatureMismatch),
            ("sha256=" + String(repeating: "0", count: 64), .signatureMismatch),
            ("md5=00", .unknownSignatureMethod),
            ("sha1=xyz", .malformedSignature),
        ] as [(String?, WebSubError.Kind)])
    func ignored(signature: String?, kind: WebSubError.Kind) {
        let verdict = WebSubPolicy().judge(body: Self.body, signature: signature, subscription: Self.subscription)
        #expect(verdict.document == nil)
        #expect(verdict.rejection?.kind == kind)
        #expect(verdict.response == CallbackResponse(status: 202))
    }

    @Test("no subscription, or one being ended: 410 Gone; a body over the cap: 413")
    func goneAndTooLarge() {
        let signature = Self.signature(.sha256)
        let policy = WebSubPolicy(maxBodyBytes: Self.body.count - 1)
        #expect(WebSubPolicy().judge(body: Self.body, signature: signature, subscription: nil).response.status == 410)
        var ending = Self.subscription
        ending.intent = .unsubscribe
        let gone = WebSubPolicy().judge(body: Self.body, signature: signature, subscription: ending)
        #expect(gone.response.status == 410 && gone.document == nil)
        #expect(gone.rejection?.kind == .noSubscription)
        let large = policy.judge(body: Self.body, signature: signature, subscription: Self.subscription)
        #expect(large.response.status == 413 && large.document == nil)
        #expect(large.rejection?.kind == .tooLarge)
        #expect(policy.acceptsLength(Self.body.count - 1) && !policy.acceptsLength(Self.body.count))
        #expect(policy.acceptsLength(nil))
    }
}
