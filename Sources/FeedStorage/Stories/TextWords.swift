import Foundation

/// The words of a text, lower-cased, with the names and numbers found among them.
///
/// Works on UTF-8 bytes: it runs for every new item inside `commit`, and building strings a character (or even a
/// scalar) at a time cost more than everything else the store does per item. ASCII letters and digits are
/// classified and lower-cased exactly; a byte of a multi-byte UTF-8 sequence counts as a letter, so "Zürich" and
/// "naïve" stay whole words, kept in their case (copies of one article spell them the same way).
struct TextWords {
    /// The words, lower-cased, each followed by one space ("acme buys beta "): a run of consecutive words is then
    /// one contiguous byte range, which ``StoryText`` hashes as a shingle without building a string per word.
    private(set) var bytes: [UInt8] = []
    /// Where each word starts in ``bytes``; the last element is `bytes.count` (one more than the word count).
    private(set) var starts: [Int] = [0]
    /// Names (capitalised words not opening a sentence) and numbers, lower-cased.
    var entities: Set<String> = []

    /// How many words.
    var count: Int { starts.count - 1 }

    /// Up to `limit` words, lower-cased, in order; a number's digits only ("$50M" → "50", "m").
    var words: [String] {
        (0..<count).map { String(decoding: bytes[starts[$0]..<starts[$0 + 1] - 1], as: UTF8.self) }
    }

    /// Splits on anything that is not a letter or digit. A word is a name when it starts with an upper-case
    /// letter and does not open a sentence (sentence-initial capitals say nothing) and is not a stop word;
    /// a run of digits is a number ("1.5" gives "1" and "5", the same in every copy).
    init(plain text: [UInt8], limit: Int) {
        bytes.reserveCapacity(min(text.count + 1, limit * 8))
        var wordStart = 0
        var currentIsName = false
        var sentenceStart = true
        var isDigits = false
        func finish() {
            guard bytes.count > wordStart else { return }
            if isDigits || currentIsName {
                let word = String(decoding: bytes[wordStart...], as: UTF8.self)
                if isDigits || !TextWords.stopWords.contains(word) { entities.insert(word) }
            }
            bytes.append(0x20)
            starts.append(bytes.count)
            wordStart = bytes.count
            sentenceStart = false
        }
        for byte in text {
            if count >= limit { break }
            let kind = Self.kind(of: byte)
            if kind == .other {
                finish()
                // . ! ? : and a newline (a block end, see stripTags) open a sentence.
                if byte == 0x2E || byte == 0x21 || byte == 0x3F || byte == 0x3A || byte == 0x0A { sentenceStart = true }
                continue
            }
            let digit = kind == .digit
            let inWord = bytes.count > wordStart
            // A change between digits and letters ends a word: "50m" is the number 50 and the word "m".
            // A unit glued to a number ("40M") is not a name.
            let glued = inWord && isDigits && !digit
            if inWord && digit != isDigits { finish() }
            if bytes.count == wordStart {
                isDigits = digit
                currentIsName = kind == .upper && !sentenceStart && !glued
            }
            bytes.append(kind == .upper ? byte | 0x20 : byte)
        }
        if count < limit { finish() }
    }

    /// These words followed by `other`'s (entities are not carried over).
    func followed(by other: TextWords) -> TextWords {
        var joined = self
        joined.entities = []
        joined.bytes += other.bytes
        joined.starts += other.starts.dropFirst().map { $0 + bytes.count }
        return joined
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
        // In place over the string's UTF-8 (copying a prefix through the UTF8View went byte by byte).
        var html = html
        return html.withUTF8 { stripTags(UnsafeBufferPointer(rebasing: $0.prefix(4096)), limit: limit) }
    }

    private static func stripTags(_ input: UnsafeBufferPointer<UInt8>, limit: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count))
        var index = 0
        // One buffer for every tag's name: a new array per tag was an allocation per tag.
        var name: [UInt8] = []
        name.reserveCapacity(4)
        while output.count < limit, index < input.count {
            let byte = input[index]
            index += 1
            switch byte {
            case 0x3C:  // <
                name.removeAll(keepingCapacity: true)
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
