import FeedModel

/// Reads the free-form person strings of RSS (`author`, `managingEditor`, `dc:creator`).
enum PersonText {
    /// RSS 2.0 wants `email (Name)`; feeds also write `Name <email>`, a bare name or a bare address. The
    /// delimiters are ASCII, so they are looked for in the UTF-8 bytes.
    static func parse(_ raw: String) -> Person? {
        let text = raw.trimmingWhitespace
        guard !text.isEmpty else { return nil }
        if text.utf8.last == UInt8(ascii: ")"), let open = text.utf8.firstIndex(of: UInt8(ascii: "(")) {  // "(" … ")"
            let outside = text[..<open].trimmingWhitespace
            let inside = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingWhitespace
            if outside.containsASCII(UInt8(ascii: "@")) { return Person(name: inside.nonEmpty, email: outside) }
            if inside.containsASCII(UInt8(ascii: "@")), !inside.containsASCII(UInt8(ascii: " ")) {
                return Person(name: outside.nonEmpty, email: inside)
            }
            return Person(name: outside.nonEmpty ?? inside.nonEmpty)
        }
        if text.utf8.last == UInt8(ascii: ">"), let open = text.utf8.firstIndex(of: UInt8(ascii: "<")) {  // "<" … ">"
            let name = text[..<open].trimmingWhitespace
            let email = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingWhitespace
            return Person(name: name.nonEmpty, email: email.nonEmpty)
        }
        if text.containsASCII(UInt8(ascii: "@")), !text.containsASCII(UInt8(ascii: " ")) { return Person(email: text) }
        return Person(name: text)
    }
}

extension Substring {
    var trimmingWhitespace: String { String(self).trimmingWhitespace }
}
