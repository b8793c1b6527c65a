/// Transcodes UTF-16 and UTF-32 documents (RFC 2781, Unicode §3.10) to UTF-8, so that every document reaches
/// the entity repair and libxml2 in one ASCII-compatible form. Unpaired surrogates become U+FFFD.
enum WideTranscoder {
    /// The UTF-8 bytes, or nil when `encoding` is not one of `UTF-16BE`, `UTF-16LE`, `UTF-32BE`, `UTF-32LE`.
    static func utf8(_ bytes: [UInt8], encoding: String?) -> [UInt8]? {
        switch encoding {
        case "UTF-16BE", "UTF-16LE":
            let bigEndian = encoding == "UTF-16BE"
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 0
            while index + 1 < bytes.count {
                let high = UInt16(bytes[bigEndian ? index : index + 1])
                let low = UInt16(bytes[bigEndian ? index + 1 : index])
                units.append(high << 8 | low)
                index += 2
            }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        case "UTF-32BE", "UTF-32LE":
            let bigEndian = encoding == "UTF-32BE"
            var scalars = String.UnicodeScalarView()
            var index = 0
            while index + 3 < bytes.count {
                var value: UInt32 = 0
                for offset in 0..<4 {
                    let byte = UInt32(bytes[index + (bigEndian ? offset : 3 - offset)])
                    value = value << 8 | byte
                }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                index += 4
            }
            return Array(String(scalars).utf8)
        default:
            return nil
        }
    }
}
