import FeedCrypto
import FeedWebSub
import Foundation
import Testing

@Suite struct HubSignatureTests {
    static let body = Data("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"/>".utf8)
    static let secret = Array("a secret of 32 random characters".utf8)

    /// The hex HMAC of the body, as an independent implementation computes it (Python's hmac module).
    static let expected: [HMACAlgorithm: String] = [
        .sha1: "e40ed8c88e6732b90df27224bd2a8eb808c9a4df",
        .sha256: "623c43e8511afe04ddb21769f660050712eac2f95e6a9a33c7fc8202957164ce",
        .sha384: "f0725af9c5473304664a573e9b5a89cdd3677a49c51c7381fab977093588b45abf5e8352d97aa0b27eb66808231aa90d",
        .sha512:
            "8324db2e7a564b291c01d2c06c3a2d7760cba3216b28036f610eaaf4b84046198bf47525baabd51ec7c68772622ec2342c8678c11e612ffa640f250d797cfe4d",
    ]

    @Test("a header a hub wrote with each method verifies the body it signed", arguments: HMACAlgorithm.allCases)
    func verifiesEachMethod(algorithm: HMACAlgorithm) throws {
        let header = "\(algorithm.rawValue)=\(try #require(Self.expected[algorithm]))"
        try HubSignature.verify(header: header, body: Self.body, secret: Self.secret)
        let signature = try HubSignature(header: header)
        #expect(signature.algorithm == algorithm)
        #expect(HubSignature(signing: Self.body, secret: Self.secret, algorithm: algorithm).headerValue == header)
    }

    @Test("forms of the header that are accepted", arguments: ["SHA256=", " sha256=", "sha256="])
    func acceptedForms(prefix: String) throws {
        let digest = try #require(Self.expected[.sha256])
        for form in [prefix + digest, prefix + digest.uppercased(), prefix + digest + " "] {
            try HubSignature.verify(header: form, body: Self.body, secret: Self.secret)
        }
    }

    /// Headers refused before any comparison, with the kind of refusal: a SHA-256 length under sha1, a SHA-1
    /// code one byte short, a SHA-256 code one byte long or one digit short, a prefix, a space around `=`.
    static let refused: [(String, WebSubError.Kind)] = {
        let zeros = { (count: Int) in String(repeating: "0", count: count) }
        return [
            ("", .malformedSignature),
            ("sha256", .malformedSignature),
            ("md5=79054025255fb1a26e4bc422aef54eb4", .unknownSignatureMethod),
            ("sha3-256=00", .unknownSignatureMethod),
            ("=abcd", .unknownSignatureMethod),
            ("sha1=", .malformedSignature),
            ("sha1=zz" + zeros(38), .malformedSignature),
            ("sha1=" + zeros(64), .malformedSignature),
            ("sha1=" + zeros(38), .malformedSignature),
            ("sha256=" + zeros(66), .malformedSignature),
            ("sha256=" + zeros(63), .malformedSignature),
            ("sha256=0x" + zeros(62), .malformedSignature),
            ("sha256 = " + zeros(64), .unknownSignatureMethod),
        ]
    }()

    @Test("headers that are refused before any comparison", arguments: refused)
    func refusedForms(header: String, kind: WebSubError.Kind) {
        let error = #expect(throws: WebSubError.self) { try HubSignature(header: header) }
        #expect(error?.kind == kind)
    }

    @Test("a missing header, a wrong secret, a changed body and a changed code do not verify")
    func mismatches() throws {
        let header = "sha256=\(try #require(Self.expected[.sha256]))"
        #expect(throws: WebSubError(.missingSignature)) {
            try HubSignature.verify(header: nil, body: Self.body, secret: Self.secret)
        }
        #expect(throws: WebSubError(.signatureMismatch)) {
            try HubSignature.verify(header: header, body: Self.body, secret: Array("another secret".utf8))
        }
        var changed = Self.body
        changed[changed.startIndex + 5] ^= 1
        #expect(throws: WebSubError(.signatureMismatch)) {
            try HubSignature.verify(header: header, body: changed, secret: Self.secret)
        }
        var signature = try HubSignature(header: header)
        signature.code[31] ^= 0x80
        #expect(!signature.matches(Self.body, secret: Self.secret))
    }
}
