import CCrypto

/// Comparisons of secrets whose running time does not depend on where the inputs differ, so that a forger cannot
/// learn a valid authentication code byte by byte from how fast wrong ones are refused.
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Lengths are compared first and in the clear: the length of an
    /// authentication code is public (it follows from the algorithm), its bytes are not. The bytes are compared
    /// with libcrypto's `CRYPTO_memcmp`, which reads every byte whatever it finds.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 }
        }
    }
}
