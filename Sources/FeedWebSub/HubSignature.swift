import FeedCrypto
import Foundation

/// An `X-Hub-Signature` header (W3C WebSub §8): `method=signature`, the HMAC of a content distribution request's
/// raw body under the subscriber's `hub.secret`, hex-encoded.
public struct HubSignature: Sendable, Hashable {
    /// The hash function the hub signed with.
    public var algorithm: HMACAlgorithm
    /// The authentication code the header carries.
    public var code: [UInt8]

    /// Reads a header value. The method is matched without regard to case; the digest must be hex of exactly the
    /// method's output length (a truncated or padded code is refused, not compared).
    public init(header: String) throws(WebSubError) {
        let value = header.trimmingCharacters(in: .whitespaces)
        guard let equals = value.firstIndex(of: "=") else { throw WebSubError(.malformedSignature, value) }
        let method = value[..<equals].lowercased()
        guard let algorithm = HMACAlgorithm(rawValue: method) else {
            throw WebSubError(.unknownSignatureMethod, String(method.prefix(32)))
        }
        let digest = value[value.index(after: equals)...]
        guard let code = Hex.bytes(digest), code.count == algorithm.codeLength else {
            throw WebSubError(.malformedSignature, "\(method)=<\(digest.utf8.count) characters>")
        }
        self.algorithm = algorithm
        self.code = code
    }

    /// The signature a hub computes for `body` under `secret`.
    public init(signing body: Data, secret: [UInt8], algorithm: HMACAlgorithm) {
        self.algorithm = algorithm
        code = body.withUnsafeBytes { algorithm.authenticationCode(for: $0, key: secret) }
    }

    /// The header's value, `method=hexdigest` in lower case.
    public var headerValue: String { "\(algorithm.rawValue)=\(SHA256.hexString(code))" }

    /// True when this is the HMAC of `body` under `secret`, compared in constant time.
    public func matches(_ body: Data, secret: [UInt8]) -> Bool {
        ConstantTime.equal(code, HubSignature(signing: body, secret: secret, algorithm: algorithm).code)
    }

    /// Verifies a received body: the header (nil when absent) must be present, well formed and match.
    public static func verify(header: String?, body: Data, secret: [UInt8]) throws(WebSubError) {
        guard let header else { throw WebSubError(.missingSignature) }
        let signature = try HubSignature(header: header)
        guard signature.matches(body, secret: secret) else { throw WebSubError(.signatureMismatch) }
    }
}
