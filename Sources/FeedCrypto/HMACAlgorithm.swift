import CCrypto

/// The hash functions HMAC (RFC 2104) is computed with: the four a WebSub hub may sign with (W3C WebSub §8), of
/// which feedd's own webhook uses SHA-256.
public enum HMACAlgorithm: String, Sendable, CaseIterable {
    case sha1
    case sha256
    case sha384
    case sha512

    /// The length of the authentication code in bytes: the hash's output size.
    public var codeLength: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// The authentication code of `message` under `key`, `codeLength` bytes.
    public func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { authenticationCode(for: $0, key: key) }
    }

    /// The authentication code of the bytes in a buffer (a received body, hashed in place).
    public func authenticationCode(for message: UnsafeRawBufferPointer, key: [UInt8]) -> [UInt8] {
        let length = codeLength
        return [UInt8](unsafeUninitializedCapacity: length) { code, count in
            var written: UInt32 = 0
            let done = key.withUnsafeBytes { key in
                HMAC(
                    digest, key.baseAddress, Int32(key.count), message.baseAddress, message.count, code.baseAddress,
                    &written)
            }
            precondition(done != nil && Int(written) == length, "libcrypto's HMAC-\(rawValue) failed")
            count = length
        }
    }

    /// libcrypto's digest for this algorithm, fetched once each: immutable once fetched and safe to share between
    /// threads (OpenSSL 3, `EVP_MD_fetch(3)`).
    private var digest: OpaquePointer? {
        switch self {
        case .sha1: Self.sha1Digest
        case .sha256: SHA256.algorithm
        case .sha384: Self.sha384Digest
        case .sha512: Self.sha512Digest
        }
    }

    nonisolated(unsafe) private static let sha1Digest: OpaquePointer? = EVP_MD_fetch(nil, "SHA1", nil)
    nonisolated(unsafe) private static let sha384Digest: OpaquePointer? = EVP_MD_fetch(nil, "SHA384", nil)
    nonisolated(unsafe) private static let sha512Digest: OpaquePointer? = EVP_MD_fetch(nil, "SHA512", nil)
}
