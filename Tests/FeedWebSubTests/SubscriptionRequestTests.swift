import FeedTesting
import FeedWebSub
import Foundation
import Testing

@Suite struct SubscriptionRequestTests {
    @Test("a subscribe form carries every field, urlencoded; an unsubscribe form no secret and no lease")
    func forms() {
        let credentials = SubscriptionCredentials(token: String(repeating: "ab", count: 16), secret: "s3cr3t")
        let subscription = Subscription(
            hub: "https://hub.example/", topic: "https://blog.example/feed?x=1&y=é b", credentials: credentials,
            intent: .subscribe, state: .requested(at: Date(timeIntervalSince1970: 0)))
        let request = WebSubPolicy().request(for: subscription, callbackBase: "https://feedd.example/websub/")
        #expect(request.hub == "https://hub.example/")
        let callback = "https%3A%2F%2Ffeedd.example%2Fwebsub%2F" + credentials.token
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "hub.callback=\(callback)&hub.mode=subscribe"
                + "&hub.topic=https%3A%2F%2Fblog.example%2Ffeed%3Fx%3D1%26y%3D%C3%A9+b"
                + "&hub.lease_seconds=864000&hub.secret=s3cr3t")
        var unsubscribing = subscription
        unsubscribing.intent = .unsubscribe
        let fields = WebSubPolicy().request(for: unsubscribing, callbackBase: "https://feedd.example/websub").fields
        #expect(fields.map(\.0) == ["hub.callback", "hub.mode", "hub.topic"])
        #expect(fields[0].1 == "https://feedd.example/websub/" + credentials.token)
        #expect(fields[1].1 == "unsubscribe")
    }

    @Test(
        "form decoding: + and %XX, pairs without =, stray %, the first of repeated names",
        arguments: [
            ("a=1&b=x+y&c=%41%c3%a9", ["a": "1", "b": "x y", "c": "Aé"]),
            ("a&b=&=v", ["a": "", "b": "", "": "v"]),
            ("p=100%&q=%zz&r=%4", ["p": "100%", "q": "%zz", "r": "%4"]),
            ("a=1&a=2&&", ["a": "1"]),
        ])
    func decodes(text: String, values: [String: String]) {
        #expect(FormEncoding.firstValues(text) == values)
    }

    @Test("encoding then decoding gives the fields back, whatever the bytes")
    func roundTrip() {
        var random = SplitMix(seed: 7)
        for _ in 0..<200 {
            let fields = (0..<3).map { _ in
                (Self.randomText(&random), Self.randomText(&random))
            }
            let decoded = FormEncoding.decode(FormEncoding.encode(fields))
            #expect(decoded.map(\.0) == fields.map(\.0))
            #expect(decoded.map(\.1) == fields.map(\.1))
        }
    }

    static func randomText(_ random: inout SplitMix) -> String {
        let alphabet = Array("aZ09 +%&=*-._~/?#é€\u{1F600}")
        return String((0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    @Test("credentials: 128-bit hex token and 256-bit hex secret, from the generator given")
    func credentials() {
        var seeded = SplitMix(seed: 1)
        var again = SplitMix(seed: 1)
        let first = SubscriptionCredentials.generate(using: &seeded)
        #expect(first == SubscriptionCredentials.generate(using: &again), "the generator decides everything")
        #expect(first.token.count == 32)
        #expect(first.secret.count == 64)
        #expect(first.token.allSatisfy(\.isHexDigit) && first.secret.allSatisfy(\.isHexDigit))
        let system = (0..<100).map { _ in SubscriptionCredentials.generate() }
        #expect(Set(system.map(\.token)).count == 100)
        #expect(Set(system.map(\.secret)).count == 100)
        #expect(!system.contains(first))
    }

    @Test(
        "the token of a callback path",
        arguments: [
            ("/websub/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef"),
            ("/websub/0123456789abcdef0123456789abcdef?hub.mode=x", "0123456789abcdef0123456789abcdef"),
            ("/websub/0123456789ABCDEF0123456789abcdef", nil),
            ("/websub/0123456789abcdef0123456789abcde", nil),
            ("/websub/0123456789abcdef0123456789abcdef/x", nil),
            ("/metrics", nil),
            ("/websubx/0123456789abcdef0123456789abcdef", nil),
        ] as [(String, String?)])
    func tokenInPath(path: String, token: String?) {
        #expect(SubscriptionCredentials.token(inPath: path, prefix: "/websub") == token)
        #expect(SubscriptionCredentials.token(inPath: path, prefix: "/websub/") == token)
    }
}
