/// Text escaped for XML or HTML output: the characters that would end or change the markup around it become
/// references (XML 1.0 §2.4 and §3.3.3; HTML 5 §13.1.2.6).
public enum MarkupEscaping {
    /// Where the escaped text goes, which decides the characters that must become references.
    public enum Context: Sendable {
        /// Element content: `&`, `<` and `>`.
        case text
        /// A double-quoted attribute value: `&`, `<`, `>` and `"`.
        case attribute
        /// A double-quoted XML attribute value whose tabs and line breaks must survive attribute-value
        /// normalisation (XML 1.0 §3.3.3), which turns them into spaces: those also become character references,
        /// and other C0 controls, which XML 1.0 does not allow at all, are dropped.
        case normalizedAttribute
    }

    /// `text` with the characters `context` reserves replaced by references; `text` itself when it holds none.
    @inlinable
    public static func escaped(_ text: String, for context: Context) -> String {
        guard text.utf8.contains(where: { needsReplacing($0, in: context) }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            guard needsReplacing(byte, in: context) else {
                bytes.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: "&#9;".utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: "&#10;".utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: "&#13;".utf8)
            default: break  // another C0 control in a normalized attribute: dropped
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `byte` cannot be written as it is in `context`.
    @inlinable
    static func needsReplacing(_ byte: UInt8, in context: Context) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): true
        case UInt8(ascii: "\""): context != .text
        case ..<UInt8(ascii: " "): context == .normalizedAttribute
        default: false
        }
    }
}
