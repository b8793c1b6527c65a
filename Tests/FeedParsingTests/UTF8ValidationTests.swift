import Testing

@testable import FeedParsing
import FeedXML

/// The word-at-a-time validator agrees with the standard library's on every kind of sequence (RFC 3629 §4),
/// wherever it falls against the eight-byte stride.
@Suite struct UTF8ValidationTests {
    static let pieces: [[UInt8]] = [
        Array("plain ASCII".utf8), Array("Zoë Müller – “quoted” 😀 中文".utf8),
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xBF], [0xC3], [0xE2, 0x80], [0xFF], [0x00],
        [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xED, 0x9F, 0xBF],
    ]

    @Test(arguments: pieces)
    func agreesWithTheStandardLibrary(_ piece: [UInt8]) {
        for padding in 0..<10 {
            for suffix in [[], Array(" trailing text".utf8)] {
                let bytes = Array(repeating: UInt8(ascii: "a"), count: padding) + piece + suffix
                let valid = String(validating: bytes, as: UTF8.self)
                #expect(UTF8Repair.isValid(bytes) == (valid != nil))
                // What the reader makes of the same bytes: them when valid, the standard library's repair if not.
                let decoded = bytes.withUnsafeBufferPointer { String(checkingUTF8: $0) }
                #expect(decoded == valid ?? String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
