import FeedXML

extension HTMLRewriter {
    /// The output of one rewrite, and scratch space reused by every tag of it (attribute names, lower-cased, and
    /// where each attribute's name and value are), so a tag allocates nothing unless a URL needs resolving.
    struct Writer {
        let base: String?
        var out: [UInt8] = []
        /// False while the output still equals the input (see `HTMLRewriter.rewrite`): a piece that is its own
        /// output (see ``copyMarkup(_:at:)``) is then not written, and ``verbatim`` says so.
        var writing = false
        /// The last piece was left unwritten because it is its own output.
        var verbatim = false
        private var names: [UInt8] = []
        private var attributes: [Attribute] = []

        init(base: String?) {
            self.base = base
        }

        /// One attribute: its lower-cased name in `names`, its raw value in the input (nil for a bare attribute).
        private struct Attribute {
            var name: Range<Int>
            var value: Range<Int>?
        }

        /// Copies the markup at `start` (a `<`), rewritten; returns the index after it.
        mutating func copyMarkup(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
            let next = start + 1 < bytes.count ? bytes[start + 1] : 0
            if next == UInt8(ascii: "!") {  // "<!": comments and declarations are copied whole
                let isComment = bytes[start...].starts(with: [
                    UInt8(ascii: "<"), UInt8(ascii: "!"), UInt8(ascii: "-"), UInt8(ascii: "-"),
                ])
                if isComment || (start + 2 < bytes.count && isAlpha(bytes[start + 2]))
                    || bytes[start...].starts(with: [UInt8(ascii: "<"), UInt8(ascii: "!"), UInt8(ascii: "[")])
                {
                    let close =
                        isComment
                        ? bytes.index(of: "-->", from: start + 4) : bytes.index(of: UInt8(ascii: ">"), from: start)
                    let end = min(close + (isComment ? 3 : 1), bytes.count)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    return end
                }
            }
            let closing = next == UInt8(ascii: "/")
            let nameStart = start + (closing ? 2 : 1)
            // `<>` and `</>` are SGML's empty start and end tags (ISO 8879 §7.4.1.1 / §7.5.1.1, SHORTTAG, which the
            // HTML 2.0 SGML declaration enables and feedparser's SGML parser honours): markup without text, dropped.
            if nameStart < bytes.count, bytes[nameStart] == UInt8(ascii: ">") { return nameStart + 1 }
            guard nameStart < bytes.count, isAlpha(bytes[nameStart]) else {
                out.append(contentsOf: "&lt;".utf8)
                return start + 1
            }
            var index = nameStart
            var upper = false
            while index < bytes.count,
                isAlnum(bytes[index]) || bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: "-")
            {
                upper = upper || (bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z"))
                index += 1
            }
            // Most tags are already written as they come out (`<p>`, `</a>`): a lower-case name right before `>`
            // on a non-void element is copied in one go. A void element takes the general path (`<br />`, `</br>`
            // dropped).
            if !upper, index < bytes.count, bytes[index] == UInt8(ascii: ">"),
                !HTMLRewriter.isVoid(UnsafeBufferPointer(rebasing: bytes[nameStart..<index]))
            {
                if writing {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...index]))
                } else {
                    verbatim = true
                }
                return index + 1
            }
            // The tag name is ASCII (letters, digits, `:`, `-`), so lower-casing is per byte.
            names.removeAll(keepingCapacity: true)
            attributes.removeAll(keepingCapacity: true)
            for byte in bytes[nameStart..<index] { names.append(lowered(byte)) }
            let tagName = 0..<names.count
            var selfClosing = false
            // Attributes up to ">" (HTML 5 §13.1.2.3: unquoted, single- or double-quoted values, or no value).
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                let byte = bytes[index]
                if isSpace(byte) || byte == UInt8(ascii: "/") {
                    if byte == UInt8(ascii: "/") { selfClosing = true }
                    index += 1
                    continue
                }
                selfClosing = false
                let attributeStart = index
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                    bytes[index] != UInt8(ascii: ">"),
                    !(bytes[index] == UInt8(ascii: "/") && index + 1 < bytes.count
                        && bytes[index + 1] == UInt8(ascii: ">"))
                {
                    index += 1
                }
                let name = appendLowered(UnsafeBufferPointer(rebasing: bytes[attributeStart..<index]))
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                    attributes.append(Attribute(name: name, value: nil))
                    continue
                }
                index += 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = bytes.index(of: quote, from: valueStart)
                    attributes.append(Attribute(name: name, value: valueStart..<min(index, bytes.count)))
                    index += 1
                } else {
                    let valueStart = index
                    while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    attributes.append(Attribute(name: name, value: valueStart..<index))
                }
            }
            let isVoid = HTMLRewriter.isVoid(
                UnsafeBufferPointer(rebasing: bytes[nameStart..<(nameStart + tagName.count)]))
            // A void element has no end tag (HTML 5 §13.1.2); `</br>` only appears in recovered or careless markup.
            if closing, isVoid { return min(index + 1, bytes.count) }
            // feedparser writes attributes in name order; doing the same keeps outputs comparable. Byte order of
            // UTF-8 is code point order, which is how Swift orders these (normalised) names too.
            if attributes.count > 1 {
                attributes.sort { names[$0.name].lexicographicallyPrecedes(names[$1.name]) }
            }
            out.append(UInt8(ascii: "<"))
            if closing { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: names[tagName])
            if !closing {
                for attribute in attributes { write(attribute, from: bytes) }
            }
            if !closing, selfClosing || isVoid { out.append(contentsOf: " /".utf8) }
            out.append(UInt8(ascii: ">"))
            return min(index + 1, bytes.count)
        }

        private mutating func write(_ attribute: Attribute, from bytes: UnsafeBufferPointer<UInt8>) {
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: names[attribute.name])
            guard let range = attribute.value else { return }
            out.append(contentsOf: "=\"".utf8)
            var value = UnsafeBufferPointer(rebasing: bytes[range])
            if names.withUnsafeBufferPointer({
                HTMLRewriter.isURLAttribute(UnsafeBufferPointer(rebasing: $0[attribute.name]))
            }) {
                value = value.trimmingXMLSpace()
                // An absolute URL, or no base to resolve against, stays as it is (URLResolver would return it).
                if let base, !base.isEmpty, !URLResolver.hasScheme(utf8: value) {
                    let resolved = URLResolver.resolve(String(decoding: value, as: UTF8.self), against: base)
                    Array(resolved.utf8).withUnsafeBufferPointer { appendEscaped($0) }
                    out.append(UInt8(ascii: "\""))
                    return
                }
            }
            appendEscaped(value)
            out.append(UInt8(ascii: "\""))
        }

        private mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = 0
            var run = 0  // the start of the bytes copied as they are, appended in one go
            while index < bytes.count {
                let byte = bytes[index]
                guard
                    byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                        || byte == UInt8(ascii: "\"")
                else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                switch byte {
                case UInt8(ascii: "&"):
                    index = copyReference(bytes, at: index, into: &out)
                    run = index
                    continue
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                default: out.append(contentsOf: "&quot;".utf8)
                }
                index += 1
                run = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
        }

        /// Appends an attribute name lower-cased to `names` and returns where it is. ASCII names are lower-cased
        /// per byte; others (rare) through `String.lowercased()`, which also maps non-ASCII letters.
        private mutating func appendLowered(_ name: UnsafeBufferPointer<UInt8>) -> Range<Int> {
            let start = names.count
            if name.allSatisfy({ $0 < 128 }) {
                for byte in name { names.append(lowered(byte)) }
            } else {
                names.append(contentsOf: String(decoding: name, as: UTF8.self).lowercased().utf8)
            }
            return start..<names.count
        }

        private func lowered(_ byte: UInt8) -> UInt8 {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
        }
    }
}
