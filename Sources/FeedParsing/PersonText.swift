import FeedModel

/// Reads the free-form person strings of RSS (`author`, `managingEditor`, `dc:creator`).
enum PersonText {
    /// RSS 2.0 wants `email (Name)`; feeds also write `Name <email>`, a bare name or a bare address.
    static func parse(_ raw: String) -> Person? {
        let text = raw.trimmingWhitespace
        guard !text.isEmpty else { return nil }
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            let outside = text[..<open].trimmingWhitespace
            let inside = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingWhitespace
            if outside.contains("@" as Character) { return Person(name: inside.nonEmpty, email: outside) }
            if inside.contains("@" as Character), !inside.contains(" " as Character) {
                return Person(name: outside.nonEmpty, email: inside)
            }
            return Person(name: outside.nonEmpty ?? inside.nonEmpty)
        }
        if let open = text.firstIndex(of: "<"), text.hasSuffix(">") {
            let name = text[..<open].trimmingWhitespace
            let email = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingWhitespace
            return Person(name: name.nonEmpty, email: email.nonEmpty)
        }
        if text.contains("@" as Character), !text.contains(" " as Character) { return Person(email: text) }
        return Person(name: text)
    }
}

extension Substring {
    var trimmingWhitespace: String { String(self).trimmingWhitespace }
}
