import CCrypto

/// SHA-256 (FIPS 180-4), for content hashes and identity keys: OpenSSL's libcrypto, which uses the CPU's SHA
/// extensions where it has them.
///
/// The hasher collects the message and hashes it once in ``finalize()``: its callers hash short messages in a few
/// parts, or a whole body at once through `hex`, which hashes the bytes in place.
public struct SHA256: Sendable {
    private var message: [UInt8] = []

    public init() {}

    /// Adds bytes to the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        message.append(contentsOf: bytes)
    }

    /// Adds a string's UTF-8 bytes.
    public mutating func update(_ text: String) {
        message.append(contentsOf: text.utf8)
    }

    /// The digest as 32 bytes.
    public consuming func finalize() -> [UInt8] {
        message.withUnsafeBytes { Self.digest($0) }
    }

    /// The lower-case hex digest of some bytes.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        // Data, [UInt8] and native strings' UTF-8 views are contiguous: hashed in place.
        let digest = bytes.withContiguousStorageIfAvailable { Self.digest(UnsafeRawBufferPointer($0)) }
        return hexString(digest ?? Array(bytes).withUnsafeBytes { Self.digest($0) })
    }

    /// The lower-case hex digest of a string's UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        var text = text
        return hexString(text.withUTF8 { Self.digest(UnsafeRawBufferPointer($0)) })
    }

    /// Lower-case hex of a digest.
    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 32-byte digest of a buffer.
    static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
            var length: UInt32 = 0
            let done = EVP_Digest(bytes.baseAddress, bytes.count, digest.baseAddress, &length, algorithm, nil)
            precondition(done == 1 && length == 32, "libcrypto's SHA-256 failed")
            count = 32
        }
    }

    /// libcrypto's SHA-256, fetched once: an implicit fetch on every digest costs more than hashing a short
    /// message. Immutable once fetched and safe to share between threads (OpenSSL 3, `EVP_MD_fetch(3)`).
    nonisolated(unsafe) static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)
}
