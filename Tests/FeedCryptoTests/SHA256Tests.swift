import FeedCrypto
import Testing

@Suite struct SHA256Tests {
    // FIPS 180-4 example vectors (and the one-million-'a' message, which crosses many blocks).
    @Test(arguments: [
        ("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("a", 1_000_000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func knownDigests(message: String, repeats: Int, digest: String) {
        #expect(SHA256.hex(String(repeating: message, count: repeats)) == digest)
    }

    @Test func incrementalUpdatesEqualOneShot() {
        var hasher = SHA256()
        hasher.update("abcdbcdecdefdefgefgh")
        hasher.update("fghighijhijkijkljklmklmnlmnomnopnopq")
        let digest = SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        #expect(SHA256.hexString(hasher.finalize()) == digest)
    }

    @Test func bytesNotStoredContiguouslyHashLikeAnArray() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(message.lazy.map { $0 }) == SHA256.hex(message))
        #expect(SHA256.hex(message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
