import FeedXML

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

    /// True for valid UTF-8, checked in place (`String(validating:)` would copy the whole document).
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
    }

    /// True when every byte outside a valid UTF-8 sequence is windows-1252 punctuation (0x80–0x9F, defined).
    private static func onlyStrayPunctuation(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let length = UTF8Validation.sequenceLength(buffer, at: index)
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
                let length = UTF8Validation.sequenceLength(buffer, at: index)
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
