/// Mends documents labelled UTF-8 that carry stray bytes of another encoding (usually windows-1252 text pasted
/// into a UTF-8 template). libxml2 stops at the first invalid sequence (XML 1.0 §4.3.3 makes it a fatal error);
/// reading each invalid byte as the windows-1252 character it most likely was keeps the valid UTF-8 intact and
/// the rest readable.
///
/// That reading only fits bytes that look like windows-1252 punctuation pasted into UTF-8 (curly quotes, dashes,
/// `…`, `€`, `™`: 0x80–0x9F). Any other invalid byte (a Latin letter 0xA0–0xFF, or a byte windows-1252 leaves
/// undefined) means the document was never UTF-8: then the whole of it is decoded with feedparser's fallback
/// chain instead, windows-1252 when it defines every byte, else ISO-8859-2 (which defines them all).
enum UTF8Repair {
    /// What a document labelled UTF-8 turned out to be.
    enum Verdict: Equatable {
        /// Valid UTF-8: nothing to do.
        case valid
        /// UTF-8 with stray windows-1252 punctuation, mended byte by byte.
        case mended([UInt8])
        /// Not UTF-8: decode the whole document in this single-byte encoding.
        case singleByte(String)
    }

    /// Validates `bytes` (one pass, no copy when they are valid) and decides how to read them if not.
    static func verdict(_ bytes: [UInt8]) -> Verdict {
        guard !isValid(bytes) else { return .valid }
        guard onlyStrayPunctuation(bytes) else {
            let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
            return .singleByte(bytes.contains(where: undefined.contains) ? "ISO-8859-2" : "windows-1252")
        }
        return .mended(mended(bytes))
    }

    /// True for valid UTF-8, checked in place (`String(validating:)` would copy the whole document). Feeds are
    /// mostly ASCII markup, so eight bytes at a time are tested for a set high bit, and only the multi-byte
    /// sequences found that way go through ``sequenceLength(_:at:)`` (RFC 3629 §4).
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            while index < count {
                if index + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                        continue
                    }
                }
                if buffer[index] < 0x80 {
                    index += 1
                    continue
                }
                let length = sequenceLength(buffer, at: index)
                guard length > 0 else { return false }
                index += length
            }
            return true
        }
    }

    /// True when every byte outside a valid UTF-8 sequence is windows-1252 punctuation (0x80–0x9F, defined).
    private static func onlyStrayPunctuation(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let length = sequenceLength(buffer, at: index)
                if length > 0 {
                    index += length
                    continue
                }
                let byte = buffer[index]
                guard byte >= 0x80, byte <= 0x9F, windows1252(byte).value > 0x9F else { return false }
                index += 1
            }
            return true
        }
    }

    /// The bytes with each one outside a valid UTF-8 sequence replaced by its windows-1252 character; the caller
    /// has found them invalid already.
    private static func mended(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            var output: [UInt8] = []
            output.reserveCapacity(buffer.count + 64)
            var index = 0
            while index < buffer.count {
                let length = sequenceLength(buffer, at: index)
                if length > 0 {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<index + length]))
                    index += length
                    continue
                }
                output.append(contentsOf: String(Character(windows1252(buffer[index]))).utf8)
                index += 1
            }
            return output
        }
    }

    /// The length of the valid UTF-8 sequence at `index` (RFC 3629 §4), 0 when it is not valid.
    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        guard bytes[index + 1] >= lower, bytes[index + 1] <= upper else { return 0 }
        for offset in 2..<length where bytes[index + offset] < 0x80 || bytes[index + offset] > 0xBF { return 0 }
        return length
    }

    /// The windows-1252 character of one byte (0x80–0x9F per the WHATWG Encoding table, the rest ISO-8859-1).
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
            0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
            0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        let value = byte >= 0x80 && byte <= 0x9F ? high[Int(byte - 0x80)] : UInt32(byte)
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
