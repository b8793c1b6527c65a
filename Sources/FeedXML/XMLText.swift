#if canImport(Glibc)
    import Glibc
#endif

/// How the reader turns libxml2's UTF-8 text into Swift strings, with the one repair feeds need at this level.
enum XMLText {
    /// A text run as a string: the indentation between a pretty-printed feed's elements (half of all text nodes)
    /// comes from a table, anything else is decoded (see ``decode(_:)``).
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        indentation(bytes) ?? decode(bytes)
    }

    /// The bytes as a string, validated whatever libxml2 said of them (an invalid sequence becomes U+FFFD): the
    /// bytes came from the network, and a string holding invalid UTF-8 breaks the invariants every later step
    /// relies on, so libxml2's own character checks are not trusted to stand in.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(checkingUTF8: bytes)
    }

    /// True when the bytes hold a UTF-8 encoded C1 control (0xC2 0x80–0x9F); `memchr` finds the rare lead byte.
    static func hasC1(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var offset = 0
        while offset < bytes.count, let hit = memchr(base + offset, 0xC2, bytes.count - offset) {
            let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if index + 1 < bytes.count, bytes[index + 1] >= 0x80, bytes[index + 1] <= 0x9F { return true }
            offset = index + 1
        }
        return false
    }

    /// U+0080–U+009F are C1 controls no feed means: they come from windows-1252 text (smart quotes, dashes)
    /// mislabelled as ISO-8859-1 and re-encoded, so they are read as the windows-1252 characters at those bytes
    /// (feedparser's "demoronize"). Called only for text where ``hasC1(_:)`` found one.
    static func repairingC1(_ decoded: String) -> String {
        // All of it below U+0100 and valid UTF-8 when read as bytes: UTF-8 that was decoded as ISO-8859-1 and
        // encoded again ("â\u{80}¦" for "…"). Undo the second encoding.
        if decoded.unicodeScalars.allSatisfy({ $0.value < 0x100 }) {
            let bytes = decoded.unicodeScalars.map { UInt8($0.value) }
            if let original = String(validating: bytes, as: UTF8.self) { return original }
        }
        var scalars = String.UnicodeScalarView()
        for scalar in decoded.unicodeScalars {
            if scalar.value >= 0x80, scalar.value <= 0x9F, let mapped = windows1252C1[Int(scalar.value - 0x80)],
                let replacement = Unicode.Scalar(mapped)
            {
                scalars.append(replacement)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The white space between the elements of a pretty-printed feed (a newline, then up to 16 spaces), from a
    /// table: decoding each one would validate and copy it again.
    private static func indentation(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count <= indentations.count, bytes.first == UInt8(ascii: "\n") else { return nil }
        for index in 1..<bytes.count where bytes[index] != UInt8(ascii: " ") { return nil }
        return indentations[bytes.count - 1]
    }

    private static let indentations = (0...16).map { "\n" + String(repeating: " ", count: $0) }

    /// windows-1252's characters at bytes 0x80–0x9F (nil where it leaves the byte undefined).
    private static let windows1252C1: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil,
        0x017D, nil, nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, nil, 0x017E, 0x0178,
    ]
}
