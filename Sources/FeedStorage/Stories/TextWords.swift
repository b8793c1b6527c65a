import Foundation

/// The words of a text, lower-cased, with the names and numbers found among them.
///
/// Works on UTF-8 bytes: it runs for every new item inside `commit`, and building strings a character (or even a
/// scalar) at a time cost more than everything else the store does per item. ASCII letters and digits are
/// classified and lower-cased exactly; a byte of a multi-byte UTF-8 sequence counts as a letter, so "Zürich" and
/// "naïve" stay whole words, kept in their case (copies of one article spell them the same way).
struct TextWords {
    /// Up to `limit` words, lower-cased, in order; a number's digits only ("$50M" → "50", "m").
    var words: [String] = []
    /// Names (capitalised words not opening a sentence) and numbers, lower-cased.
    var entities: Set<String> = []

    /// Splits on anything that is not a letter or digit. A word is a name when it starts with an upper-case
    /// letter and does not open a sentence (sentence-initial capitals say nothing) and is not a stop word;
    /// a run of digits is a number ("1.5" gives "1" and "5", the same in every copy).
    init(plain text: [UInt8], limit: Int) {
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var currentIsName = false
        var sentenceStart = true
        var isDigits = false
        func finish() {
            guard !current.isEmpty else { return }
            let word = String(decoding: current, as: UTF8.self)
            words.append(word)
            if isDigits || (currentIsName && !TextWords.stopWords.contains(word)) { entities.insert(word) }
            current.removeAll(keepingCapacity: true)
            sentenceStart = false
        }
        for byte in text {
            if words.count >= limit { break }
            let kind = Self.kind(of: byte)
            if kind == .other {
                finish()
                // . ! ? : and a newline (a block end, see stripTags) open a sentence.
                if byte == 0x2E || byte == 0x21 || byte == 0x3F || byte == 0x3A || byte == 0x0A { sentenceStart = true }
                continue
            }
            let digit = kind == .digit
            // A change between digits and letters ends a word: "50m" is the number 50 and the word "m".
            // A unit glued to a number ("40M") is not a name.
            let glued = !current.isEmpty && isDigits && !digit
            if !current.isEmpty && digit != isDigits { finish() }
            if current.isEmpty {
                isDigits = digit
                currentIsName = kind == .upper && !sentenceStart && !glued
            }
            current.append(kind == .upper ? byte | 0x20 : byte)
        }
        if words.count < limit { finish() }
    }

    private enum Kind { case lower, upper, digit, other }

    private static func kind(of byte: UInt8) -> Kind {
        switch byte {
        case 0x61...0x7A, 0x80...0xFF: return .lower
        case 0x41...0x5A: return .upper
        case 0x30...0x39: return .digit
        default: return .other
        }
    }

    /// Words too common to say what a title is about (articles, prepositions, auxiliaries, pronouns).
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it",
        "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "after", "over", "new",
        "s", "i", "we", "you", "he", "she", "they", "his", "her", "their", "our", "but", "not", "what", "how", "why",
    ]

    /// UTF-8 text without HTML tags, with the common entities decoded; a tag becomes a space (a `<p>` ends a
    /// word), and a block end (`</p>`, `<br>`, `</div>`, `</li>`, `</hN>`) a newline, which ends a sentence. Only
    /// the opening matters to callers, so at most 4096 bytes are read and at most `limit` written.
    static func stripTags(_ html: String, limit: Int = 1024) -> [UInt8] {
        let input = Array(html.utf8.prefix(4096))
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count))
        var index = 0
        while output.count < limit, index < input.count {
            let byte = input[index]
            index += 1
            switch byte {
            case 0x3C:  // <
                var name: [UInt8] = []
                while index < input.count, input[index] != 0x3E {
                    if name.count < 4 { name.append(input[index] == 0x20 ? 0 : input[index] | 0x20) }
                    index += 1
                }
                index += 1
                output.append(isBlockEnd(name) ? 0x0A : 0x20)
            case 0x26:  // &
                // An entity is "#", letters or digits, then ";"; anything else was a bare "&" ("AT&T"), kept.
                var end = index
                while end < input.count, end - index <= 8, input[end] == 0x23 || Self.kind(of: input[end]) != .other {
                    end += 1
                }
                if end < input.count, input[end] == 0x3B {
                    output += decode(Array(input[index..<end]))
                    index = end + 1
                } else {
                    output.append(byte)
                }
            default: output.append(byte)
            }
        }
        return output
    }

    private static func isBlockEnd(_ name: [UInt8]) -> Bool {
        // Lower-cased by `| 0x20`: "/p", "/div", "/li", "/h1"…, "br", "br/".
        if name.starts(with: [0x62, 0x72]) { return true }
        guard name.first == 0x2F, name.count >= 2 else { return false }
        let rest = name.dropFirst()
        return rest.elementsEqual([0x70]) || rest.starts(with: [0x64, 0x69, 0x76]) || rest.starts(with: [0x6C, 0x69])
            || (rest.first == 0x68 && rest.count == 2)
    }

    private static func decode(_ name: [UInt8]) -> [UInt8] {
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return [0x26]
        case "lt": return [0x3C]
        case "gt": return [0x3E]
        case "quot": return [0x22]
        case "apos": return [0x27]
        case let other where other.hasPrefix("#"):
            let number =
                other.hasPrefix("#x") || other.hasPrefix("#X")
                ? UInt32(other.dropFirst(2), radix: 16) : UInt32(other.dropFirst())
            return number.flatMap(Unicode.Scalar.init).map { Array(String(Character($0)).utf8) } ?? [0x20]
        default: return [0x20]
        }
    }
}
