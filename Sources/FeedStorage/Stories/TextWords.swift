import Foundation

/// The words of a text, lower-cased, with the names and numbers found among them.
struct TextWords {
    /// Up to `limit` words, lower-cased, in order; a number's digits only ("$50M" → "50", "m").
    var words: [String] = []
    /// Names (capitalised words not opening a sentence) and numbers, lower-cased.
    var entities: Set<String> = []

    /// Splits on anything that is not a letter or digit. A word is a name when it starts with an upper-case
    /// letter and does not open a sentence (sentence-initial capitals say nothing) and is not a stop word;
    /// a run of digits is a number ("1.5" gives "1" and "5", the same in every copy).
    init(plain text: String, limit: Int) {
        var current = ""
        var currentIsName = false
        var sentenceStart = true
        var isDigits = false
        func finish() {
            guard !current.isEmpty else { return }
            let lower = current.lowercased()
            words.append(lower)
            if isDigits || (currentIsName && !TextWords.stopWords.contains(lower)) { entities.insert(lower) }
            current = ""
            sentenceStart = false
        }
        for character in text {
            if words.count >= limit { break }
            let digit = character.isNumber
            if character.isLetter || digit {
                // A change between digits and letters ends a word: "50m" is the number 50 and the word "m".
                if !current.isEmpty && digit != isDigits { finish() }
                if current.isEmpty {
                    isDigits = digit
                    currentIsName = character.isUppercase && !sentenceStart
                }
                current.append(character)
            } else {
                finish()
                if ".!?:\n".contains(character) { sentenceStart = true }
            }
        }
        if words.count < limit { finish() }
    }

    /// Words too common to say what a title is about (articles, prepositions, auxiliaries, pronouns).
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it",
        "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "after", "over", "new",
        "s", "i", "we", "you", "he", "she", "they", "his", "her", "their", "our", "but", "not", "what", "how", "why",
    ]

    /// Text without HTML tags, with the common entities decoded; tags become spaces (a `<p>` ends a word), and a
    /// block end also ends a sentence. Only the opening matters to callers, so at most 4 KiB are read.
    static func stripTags(_ html: String) -> String {
        var output = ""
        var inTag = false
        var tagName = ""
        var entity: String?
        for character in html.prefix(4096) {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tagName.lowercased()
                    output += ["/p", "br", "br/", "/div", "/li", "/h1", "/h2", "/h3"].contains(name) ? "\n" : " "
                } else if tagName.count < 6 && character != " " {
                    tagName.append(character)
                } else if character == " " {
                    tagName += "\u{0}"
                }
                continue
            }
            if var pending = entity {
                if character == ";" {
                    output += decode(pending)
                    entity = nil
                } else if pending.count > 8 || character == " " {
                    output += "&" + pending + String(character)
                    entity = nil
                } else {
                    pending.append(character)
                    entity = pending
                }
                continue
            }
            switch character {
            case "<":
                inTag = true
                tagName = ""
            case "&": entity = ""
            default: output.append(character)
            }
        }
        return output
    }

    private static func decode(_ name: String) -> String {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            let number = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst())
            return number.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? " "
        }
    }
}
