import CCrypto

/// HMAC-SHA256 (RFC 2104 with SHA-256, test vectors in RFC 4231): the webhook's `X-Feedd-Signature`.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { code, count in
            var length: UInt32 = 0
            let done = key.withUnsafeBytes { key in
                message.withUnsafeBytes { message in
                    HMAC(
                        SHA256.algorithm, key.baseAddress, Int32(key.count), message.baseAddress, message.count,
                        code.baseAddress, &length)
                }
            }
            precondition(done != nil && length == 32, "libcrypto's HMAC-SHA256 failed")
            count = 32
        }
    }

    /// The code as lower-case hex.
    public static func hex(for message: [UInt8], key: [UInt8]) -> String {
        SHA256.hexString(authenticationCode(for: message, key: key))
    }
}
