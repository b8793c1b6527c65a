import FeedCrypto
import Testing

/// The webhook's HMAC-SHA256 wrapper; the published vectors for every algorithm are in HMACAlgorithmTests.
@Suite struct HMACTests {
    @Test(arguments: [
        // RFC 4231 §4.2, test case 1.
        (
            String(repeating: "0b", count: 20), "4869205468657265",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        // An empty key and message (a webhook secret may be empty), as Python's hmac module computes them.
        ("", "", "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
    ])
    func hexOfTheCode(key: String, message: String, expected: String) throws {
        let key = try #require(Hex.bytes(key))
        let message = try #require(Hex.bytes(message))
        #expect(HMACSHA256.hex(for: message, key: key) == expected)
        #expect(HMACSHA256.authenticationCode(for: message, key: key) == Hex.bytes(expected))
    }
}
