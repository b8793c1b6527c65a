/// HMAC-SHA256 (RFC 2104 with SHA-256, test vectors in RFC 4231): the webhook's `X-Feedd-Signature`.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        HMACAlgorithm.sha256.authenticationCode(for: message, key: key)
    }

    /// The code as lower-case hex.
    public static func hex(for message: [UInt8], key: [UInt8]) -> String {
        SHA256.hexString(authenticationCode(for: message, key: key))
    }
}
