import FeedCrypto

/// The two secrets of one subscription: the token that makes its callback URL unguessable and the `hub.secret`
/// its hub signs content with (W3C WebSub §5.1, §8). Both are lower-case hex, so they need no escaping in a URL
/// path or a form.
public struct SubscriptionCredentials: Sendable, Hashable {
    /// The last path segment of the callback URL: 128 random bits, 32 hex digits.
    public var token: String
    /// The `hub.secret`: 256 random bits, 64 hex digits (the spec allows up to 200 bytes).
    public var secret: String

    /// Credentials from stored parts.
    public init(token: String, secret: String) {
        self.token = token
        self.secret = secret
    }

    /// Fresh credentials from the system's CSPRNG (`SystemRandomNumberGenerator`: getrandom(2) on Linux).
    public static func generate() -> SubscriptionCredentials {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Fresh credentials from `generator`: tests pass a seeded one; anything else must be a CSPRNG.
    public static func generate(using generator: inout some RandomNumberGenerator) -> SubscriptionCredentials {
        func hex(bytes: Int) -> String {
            SHA256.hexString((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        }
        return SubscriptionCredentials(token: hex(bytes: 16), secret: hex(bytes: 32))
    }

    /// The secret's bytes, the HMAC key.
    public var secretBytes: [UInt8] { Array(secret.utf8) }

    /// The callback URL under `base` (the configured `websub.callback`): `base/token`.
    public func callbackURL(base: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + token
    }

    /// The token a request path names under `prefix` (the path of `websub.callback`), query ignored, when the
    /// rest is one segment shaped like a token; nil otherwise, so that other paths never reach a look-up.
    public static func token(inPath path: String, prefix: String) -> String? {
        let path = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let prefix = prefix.hasSuffix("/") ? prefix : prefix + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let token = path.dropFirst(prefix.count)
        let isHex = token.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
        }
        return token.utf8.count == 32 && isHex ? String(token) : nil
    }
}
