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
            bytes.append(UInt8(ascii: " "))
            starts.append(bytes.count)
            wordStart = bytes.count
            sentenceStart = false
        }
        for byte in text {
            if count >= limit { break }
            let kind = Self.kind(of: byte)
            if kind == .other {
                finish()
                if Self.endsSentence(byte) { sentenceStart = true }
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
            bytes.append(kind == .upper ? byte | Self.lowerCaseBit : byte)
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

    /// `. ! ? :` and the newline a block end leaves (``stripTags(_:limit:)``): a sentence begins after them.
    private static func endsSentence(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "\n"): true
        default: false
        }
    }
    /// ASCII letters differ from their capitals by this bit.
    private static let lowerCaseBit: UInt8 = 0x20

    private enum Kind { case lower, upper, digit, other }

    private static func kind(of byte: UInt8) -> Kind {
        // The bytes of non-ASCII characters (0x80 and up) count as lower-case letters.
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), 0x80...0xFF: return .lower
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return .upper
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit
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
            case UInt8(ascii: "<"):
                name.removeAll(keepingCapacity: true)
                while index < input.count, input[index] != UInt8(ascii: ">") {
                    if name.count < 4 {
                        name.append(input[index] == UInt8(ascii: " ") ? 0 : input[index] | Self.lowerCaseBit)
                    }
                    index += 1
                }
                index += 1
                output.append(isBlockEnd(name) ? UInt8(ascii: "\n") : UInt8(ascii: " "))
            case UInt8(ascii: "&"):
                // An entity is "#", letters or digits, then ";"; anything else was a bare "&" ("AT&T"), kept.
                var end = index
                while end < input.count, end - index <= 8,
                    input[end] == UInt8(ascii: "#") || Self.kind(of: input[end]) != .other
                {
                    end += 1
                }
                if end < input.count, input[end] == UInt8(ascii: ";") {
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
        // Lower-cased by `| lowerCaseBit`: "/p", "/div", "/li", "/h1"…, "br", "br/".
        if name.starts(with: "br".utf8) { return true }
        guard name.first == UInt8(ascii: "/"), name.count >= 2 else { return false }
        let rest = name.dropFirst()
        return rest.elementsEqual("p".utf8) || rest.starts(with: "div".utf8) || rest.starts(with: "li".utf8)
            || (rest.first == UInt8(ascii: "h") && rest.count == 2)
    }

    private static func decode(_ name: [UInt8]) -> [UInt8] {
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return [UInt8(ascii: "&")]
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        case let other where other.hasPrefix("#"):
            let number =
                other.hasPrefix("#x") || other.hasPrefix("#X")
                ? UInt32(other.dropFirst(2), radix: 16) : UInt32(other.dropFirst())
            return number.flatMap(Unicode.Scalar.init).map { Array(String(Character($0)).utf8) } ?? [UInt8(ascii: " ")]
        default: return [UInt8(ascii: " ")]
        }
    }
}
