import Foundation

/// The words of a text, lower-cased, with the names and numbers found among them.
///
/// Works on Unicode scalars with an ASCII fast path: it runs for every new item inside `commit`, and grapheme
/// breaking plus `String.lowercased()` per word cost more than everything else the store does per item.
struct TextWords {
    /// Up to `limit` words, lower-cased, in order; a number's digits only ("$50M" → "50", "m").
    var words: [String] = []
    /// Names (capitalised words not opening a sentence) and numbers, lower-cased.
    var entities: Set<String> = []

    /// Splits on anything that is not a letter or digit. A word is a name when it starts with an upper-case
    /// letter and does not open a sentence (sentence-initial capitals say nothing) and is not a stop word;
    /// a run of digits is a number ("1.5" gives "1" and "5", the same in every copy).
    init(plain text: String, limit: Int) {
        var current = String.UnicodeScalarView()
        var currentIsName = false
        var sentenceStart = true
        var isDigits = false
        func finish() {
            guard !current.isEmpty else { return }
            let word = String(current)
            words.append(word)
            if isDigits || (currentIsName && !TextWords.stopWords.contains(word)) { entities.insert(word) }
            current = String.UnicodeScalarView()
            sentenceStart = false
        }
        for scalar in text.unicodeScalars {
            if words.count >= limit { break }
            let kind = Self.kind(of: scalar)
            if kind == .other {
                finish()
                if scalar == "." || scalar == "!" || scalar == "?" || scalar == ":" || scalar == "\n" {
                    sentenceStart = true
                }
                continue
            }
            let digit = kind == .digit
            // A change between digits and letters ends a word: "50m" is the number 50 and the word "m".
            if !current.isEmpty && digit != isDigits { finish() }
            if current.isEmpty {
                isDigits = digit
                currentIsName = kind == .upper && !sentenceStart
            }
            if kind == .upper {
                if scalar.isASCII {
                    current.append(Unicode.Scalar(scalar.value + 32)!)
                } else {
                    current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            } else {
                current.append(scalar)
            }
        }
        if words.count < limit { finish() }
    }

    private enum Kind { case lower, upper, digit, other }

    private static func kind(of scalar: Unicode.Scalar) -> Kind {
        switch scalar.value {
        case 0x61...0x7A: return .lower
        case 0x41...0x5A: return .upper
        case 0x30...0x39: return .digit
        case 0..<0x80: return .other
        default:
            let properties = scalar.properties
            if properties.numericType == .decimal { return .digit }
            guard properties.isAlphabetic else { return .other }
            return properties.isUppercase ? .upper : .lower
        }
    }

    /// Words too common to say what a title is about (articles, prepositions, auxiliaries, pronouns).
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it",
        "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "after", "over", "new",
        "s", "i", "we", "you", "he", "she", "they", "his", "her", "their", "our", "but", "not", "what", "how", "why",
    ]

    /// Text without HTML tags, with the common entities decoded; tags become spaces (a `<p>` ends a word), and a
    /// block end also ends a sentence. Only the opening matters to callers, so at most 4096 scalars are read and
    /// at most `limit` written (40 words of English prose take about 250).
    static func stripTags(_ html: String, limit: Int = 1024) -> String {
        var output = String.UnicodeScalarView()
        var inTag = false
        var tagName = ""
        var entity: String?
        // Counted here: a scalar view's count is O(n).
        var written = 0
        for scalar in html.unicodeScalars.prefix(4096) {
            if written >= limit { break }
            if inTag {
                if scalar == ">" {
                    inTag = false
                    let isBlockEnd = ["/p", "br", "br/", "/div", "/li", "/h1", "/h2", "/h3"].contains(
                        tagName.lowercased())
                    output.append(isBlockEnd ? "\n" : " ")
                } else if scalar == " " {
                    tagName += "\u{0}"
                } else if tagName.unicodeScalars.count < 6 {
                    tagName.unicodeScalars.append(scalar)
                }
                continue
            }
            if var pending = entity {
                if scalar == ";" {
                    output.append(contentsOf: decode(pending).unicodeScalars)
                    entity = nil
                } else if pending.unicodeScalars.count > 8 || scalar == " " {
                    output.append("&")
                    output.append(contentsOf: pending.unicodeScalars)
                    output.append(scalar)
                    entity = nil
                } else {
                    pending.unicodeScalars.append(scalar)
                    entity = pending
                }
                continue
            }
            switch scalar {
            case "<":
                inTag = true
                tagName = ""
            case "&": entity = ""
            default:
                output.append(scalar)
                written += 1
            }
        }
        return String(output)
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
