import FeedCrypto
import Testing

@Suite struct HMACAlgorithmTests {
    /// One published test case: a key and a message in hex, and the code each algorithm the case lists gives.
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: String
        let message: String
        let codes: [(HMACAlgorithm, String)]

        var testDescription: String { name }
    }

    /// "Test Using Larger Than Block-Size Key - Hash Key First", the message of case 6 in both RFCs.
    static let largerThanBlockKeyMessage =
        "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374"

    /// RFC 2202 §3 (HMAC-SHA-1, test cases 1-7) and RFC 4231 §4 (HMAC-SHA-256/384/512, test cases 1-4, 6 and 7;
    /// case 5 checks a truncated output, which nothing here produces). Cases 1-4 are the same key and message in
    /// both RFCs, so they carry all four codes; the long-key cases differ (an 80-byte key in RFC 2202, 131 bytes in
    /// RFC 4231).
    static let vectors: [Vector] = [
        Vector(
            name: "case 1", key: String(repeating: "0b", count: 20), message: "4869205468657265",
            codes: [
                (.sha1, "b617318655057264e28bc0b6fb378c8ef146be00"),
                (.sha256, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
                (
                    .sha384,
                    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"
                ),
                (
                    .sha512,
                    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
                ),
            ]),
        Vector(
            name: "case 2", key: "4a656665", message: "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
            codes: [
                (.sha1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
                (.sha256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                (
                    .sha384,
                    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"
                ),
                (
                    .sha512,
                    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
                ),
            ]),
        Vector(
            name: "case 3", key: String(repeating: "aa", count: 20), message: String(repeating: "dd", count: 50),
            codes: [
                (.sha1, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
                (.sha256, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
                (
                    .sha384,
                    "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27"
                ),
                (
                    .sha512,
                    "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"
                ),
            ]),
        Vector(
            name: "case 4", key: "0102030405060708090a0b0c0d0e0f10111213141516171819",
            message: String(repeating: "cd", count: 50),
            codes: [
                (.sha1, "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
                (.sha256, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
                (
                    .sha384,
                    "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb"
                ),
                (
                    .sha512,
                    "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"
                ),
            ]),
        Vector(
            name: "RFC 2202 case 5", key: String(repeating: "0c", count: 20),
            message: "546573742057697468205472756e636174696f6e",
            codes: [(.sha1, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04")]),
        Vector(
            name: "RFC 2202 case 6", key: String(repeating: "aa", count: 80), message: largerThanBlockKeyMessage,
            codes: [(.sha1, "aa4ae5e15272d00e95705637ce8a3b55ed402112")]),
        Vector(
            name: "RFC 2202 case 7", key: String(repeating: "aa", count: 80),
            message:
                "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b657920616e64204c6172676572205468616e204f6e6520426c6f636b2d53697a652044617461",
            codes: [(.sha1, "e8e99d0f45237d786d6bbaa7965c7808bbff1a91")]),
        Vector(
            name: "RFC 4231 case 6", key: String(repeating: "aa", count: 131), message: largerThanBlockKeyMessage,
            codes: [
                (.sha256, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                (
                    .sha384,
                    "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952"
                ),
                (
                    .sha512,
                    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
                ),
            ]),
        Vector(
            name: "RFC 4231 case 7", key: String(repeating: "aa", count: 131),
            message:
                "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
            codes: [
                (.sha256, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
                (
                    .sha384,
                    "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e"
                ),
                (
                    .sha512,
                    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"
                ),
            ]),
    ]

    @Test(arguments: vectors)
    func publishedVectors(vector: Vector) throws {
        let key = try #require(Hex.bytes(vector.key))
        let message = try #require(Hex.bytes(vector.message))
        for (algorithm, expected) in vector.codes {
            let code = algorithm.authenticationCode(for: message, key: key)
            #expect(code.count == algorithm.codeLength, "\(algorithm)")
            #expect(SHA256.hexString(code) == expected, "\(algorithm)")
        }
    }

    @Test("a body hashed in place gives the same code as a copied array")
    func bufferAndArrayAgree() {
        let body = Array("<feed>…</feed>".utf8)
        for algorithm in HMACAlgorithm.allCases {
            let inPlace = body.withUnsafeBytes { algorithm.authenticationCode(for: $0, key: Array("k".utf8)) }
            #expect(inPlace == algorithm.authenticationCode(for: body, key: Array("k".utf8)))
        }
    }

    @Test(arguments: [
        ([UInt8](), [UInt8](), true),
        ([1, 2, 3], [1, 2, 3], true),
        ([1, 2, 3], [1, 2, 4], false),
        ([9, 2, 3], [1, 2, 3], false),
        ([1, 2, 3], [1, 2], false),
        ([], [0], false),
    ])
    func constantTimeEquality(a: [UInt8], b: [UInt8], equal: Bool) {
        #expect(ConstantTime.equal(a, b) == equal)
    }

    @Test(arguments: [
        ("", [UInt8]()),
        ("00ff10", [0x00, 0xff, 0x10]),
        ("ABcd", [0xab, 0xcd]),
    ])
    func hexDecodes(text: String, bytes: [UInt8]) {
        #expect(Hex.bytes(text) == bytes)
    }

    @Test(arguments: ["0", "abc", "0g", " 00", "00 ", "+1", "éé"])
    func hexRefuses(text: String) {
        #expect(Hex.bytes(text) == nil)
    }
}
