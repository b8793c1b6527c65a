/// HMAC-SHA256 (RFC 2104 with SHA-256, test vectors in RFC 4231): the webhook's `X-Feedd-Signature`.
public enum HMACSHA256 {
    /// SHA-256's block size in bytes (FIPS 180-4).
    static let blockSize = 64

    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        // RFC 2104 §2: a key longer than the block is hashed first; a shorter one is padded with zeros.
        var block = key
        if block.count > blockSize {
            var hash = SHA256()
            hash.update(block)
            block = hash.finalize()
        }
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The code as lower-case hex.
    public static func hex(for message: [UInt8], key: [UInt8]) -> String {
        SHA256.hexString(authenticationCode(for: message, key: key))
    }
}
