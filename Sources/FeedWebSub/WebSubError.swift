/// Why a WebSub exchange was refused, as a sentence naming the cause.
public struct WebSubError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad class of refusal.
    public enum Kind: Sendable, Hashable {
        /// A content distribution request carried no `X-Hub-Signature` although the subscription has a secret.
        case missingSignature
        /// The signature header is not `method=hexdigest`, or its digest is not hex of the method's length.
        case malformedSignature
        /// The signature names a method other than sha1, sha256, sha384 and sha512 (W3C WebSub §8).
        case unknownSignatureMethod
        /// The signature is well formed but is not the body's HMAC under the subscription's secret.
        case signatureMismatch
        /// A hub's GET to a callback without a known `hub.mode`, a topic, or (to verify) a challenge.
        case invalidRequest
        /// A push to a callback whose token names no subscription feedd wants.
        case noSubscription
        /// A pushed body over the size cap.
        case tooLarge
    }

    /// What was refused.
    public let kind: Kind
    /// The offending value or a detail, for the log (never a secret).
    public let detail: String

    /// An error of `kind` about `detail`.
    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    /// The human sentence.
    public var description: String {
        switch kind {
        case .missingSignature: "The push carried no X-Hub-Signature"
        case .malformedSignature: "The X-Hub-Signature is not method=hexdigest: \(detail)"
        case .unknownSignatureMethod: "The X-Hub-Signature names an unknown method: \(detail)"
        case .signatureMismatch: "The X-Hub-Signature does not match the body"
        case .invalidRequest: "Not a valid WebSub request: \(detail)"
        case .noSubscription: "No subscription is wanted at this callback"
        case .tooLarge: "The pushed body is over \(detail) bytes"
        }
    }
}
