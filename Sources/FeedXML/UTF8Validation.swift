/// UTF-8 validation for bytes that came from the network, fast on what feeds hold: mostly ASCII markup and text,
/// checked a word or four at a time, with the multi-byte sequences found that way checked one by one (RFC 3629 §4:
/// no continuation byte out of place, no overlong form, no surrogate, nothing above U+10FFFF).
package enum UTF8Validation {
    /// What ``check(_:)`` found.
    package enum Verdict {
        /// ASCII only.
        case ascii
        /// Valid UTF-8 with at least one multi-byte sequence.
        case valid
        /// Not UTF-8.
        case invalid
    }

    /// True for valid UTF-8, checked in place.
    package static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        check(bytes) != .invalid
    }

    /// Checks the bytes in place: 32 bytes at a time while they are ASCII (four words tested for a set high bit
    /// at once), then eight, then one sequence.
    package static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        guard let base = bytes.baseAddress else { return .ascii }
        let count = bytes.count
        let high: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        var ascii = true
        while index < count {
            while index + 32 <= count {
                let words = UnsafeRawPointer(base + index)
                let any =
                    words.loadUnaligned(as: UInt64.self) | words.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | words.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                    | words.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                guard any & high == 0 else { break }
                index += 32
            }
            while index + 8 <= count, UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & high == 0 {
                index += 8
            }
            guard index < count else { break }
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else { return .invalid }
            ascii = false
            index += length
        }
        return ascii ? .ascii : .valid
    }

    /// The length of the valid UTF-8 sequence at `index` (RFC 3629 §4), 0 when it is not valid.
    package static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
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
}

extension String {
    /// The bytes as a string, validated first (``UTF8Validation/isValid(_:)``): valid bytes are then copied
    /// without the standard library checking them a second time, invalid ones decoded with each bad sequence
    /// becoming U+FFFD. Debug and fuzzing builds check the validator against the standard library's on every call.
    package init(checkingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        let verdict = UTF8Validation.check(bytes)
        #if DEBUG || FUZZING
            precondition(
                (verdict != .invalid) == (String(validating: bytes, as: UTF8.self) != nil), "UTF-8 validators disagree")
            precondition((verdict == .ascii) == bytes.allSatisfy { $0 < 0x80 }, "ASCII said of non-ASCII bytes")
        #endif
        switch verdict {
        case .ascii: self = unsafe String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: true))
        case .valid: self = unsafe String(copying: UTF8Span(unchecked: bytes.span))
        case .invalid: self = String(decoding: bytes, as: UTF8.self)
        }
    }
}
