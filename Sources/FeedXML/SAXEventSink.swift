internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// What libxml2's SAX callbacks reach (through the parser's user-data pointer): it turns each callback into an
/// ``XMLEvent`` queued until ``XMLPullReader`` hands it out, adjacent character data (libxml2 splits it at entity
/// references, CDATA sections and every 300 bytes of non-ASCII text) making one text event.
///
/// Every text run and attribute value is validated as UTF-8 when it becomes a string (``XMLText/decode(_:)``),
/// whatever libxml2 checked before: its checks differ by path (a CDATA section its push parser reads itself lets
/// overlong forms through), and after its first complaint a recovering reader passes bytes on as they are.
///
/// A struct behind a pointer the reader owns, not a class, so the callbacks' many field accesses pay no dynamic
/// exclusivity check; the reader calls ``release()`` before freeing it.
struct SAXEventSink {
    /// The parser whose callbacks arrive here, to tell `<x/>` from `<x>` (see ``start(_:_:_:_:_:)``).
    var parser: xmlParserCtxtPtr?
    /// Errors libxml2 reported (warnings not counted), plus text this side had to cut and nesting it refused.
    var errors = 0
    /// Everything libxml2 reported, warnings included.
    var complaints = 0
    /// Stop the parser at libxml2's first complaint (see
    /// ``XMLPullReader/init(bytes:encoding:documentURL:strict:utf8:)``).
    var strict = false
    /// The CDATA sections taken out of the document, and how many of their markers came so far.
    var sections: CDATASections?
    private var sectionsRead = 0

    /// The queue: events from `head` to `count` wait to be moved out; those before `head` already were.
    private var storage: UnsafeMutablePointer<XMLEvent>
    private var capacity = 256
    private var count = 0
    private var head = 0

    /// The bytes of the text run being gathered.
    private var text: UnsafeMutablePointer<UInt8>
    private var textCapacity = 4096
    private var textLength = 0
    /// The start tag queued last was `<x/>`: the end callback libxml2 sends right after it queues nothing.
    private var emptyElementOpen = false
    /// Elements open now (see ``XMLPullReader/maximumDepth``).
    private var depth = 0

    private var names: [UnsafeRawPointer: String] = [:]
    /// The direct-mapped name table (see ``name(_:)``). Fixed buffers: an array would check that its storage is
    /// unique on every write, several times per element.
    private let slotKeys: UnsafeMutablePointer<UInt>
    private let slotNames: UnsafeMutablePointer<String>

    /// Internal text entities declared in the DOCTYPE; see `SAXEventSink+Entities.swift`.
    var entities: [String: DeclaredEntity] = [:]
    /// Parameter entities declared in the DOCTYPE, by name; see `SAXEventSink+Entities.swift`.
    var parameterEntities: [String: UnsafeMutablePointer<xmlEntity>] = [:]
    /// Bytes of internal entity text handed out so far may not pass this.
    var entityBudget = 1 << 20

    init() {
        storage = .allocate(capacity: capacity)
        text = .allocate(capacity: textCapacity)
        slotKeys = .allocate(capacity: Self.slotCount)
        slotKeys.initialize(repeating: 0, count: Self.slotCount)
        slotNames = .allocate(capacity: Self.slotCount)
        slotNames.initialize(repeating: "", count: Self.slotCount)
    }

    /// Frees what the sink allocated; it is not used afterwards.
    func release() {
        (storage + head).deinitialize(count: count - head)
        storage.deallocate()
        text.deallocate()
        slotKeys.deallocate()
        slotNames.deinitialize(count: Self.slotCount)
        slotNames.deallocate()
        for entity in entities.values { entity.free() }
        for entity in parameterEntities.values { DeclaredEntity.free(entity) }
    }

    /// Moves the next queued event out, or nil when the queue is drained.
    mutating func nextQueued() -> XMLEvent? {
        guard head < count else { return nil }
        defer { head += 1 }
        return (storage + head).move()
    }

    /// Forgets the drained queue before the next slice fills it.
    mutating func clearQueue() {
        (storage + head).deinitialize(count: count - head)
        count = 0
        head = 0
    }

    /// The end of the document: the last text run, if any, becomes an event.
    mutating func finish() {
        flushText()
    }

    private mutating func enqueue(_ event: consuming XMLEvent) {
        if count == capacity {
            let larger = UnsafeMutablePointer<XMLEvent>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        (storage + count).initialize(to: event)
        count += 1
    }

    private mutating func flushText() {
        guard textLength > 0 else { return }
        let run = UnsafeBufferPointer(start: text, count: textLength)
        let string = XMLText.string(run)
        textLength = 0
        enqueue(.text(XMLText.hasC1(run) ? XMLText.repairingC1(string) : string))
    }

    // MARK: - Callbacks

    /// `startElementNs`: `attributes` holds five pointers per attribute (local name, prefix, namespace URI,
    /// value start, value end); namespace declarations come separately and are not attributes of the feed
    /// vocabulary (Namespaces in XML 1.0 §3).
    mutating func start(
        _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
        _ attributeCount: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        flushText()
        // libxml2 calls back with its cursor on the `>` or `/>` that ends the tag, and sends the end of an empty
        // element at once: the reader's callers want to know that no end event will follow.
        var isEmpty = false
        if let cursor = parser?.pointee.input?.pointee.cur, cursor[0] == UInt8(ascii: "/"),
            cursor[1] == UInt8(ascii: ">")
        {
            isEmpty = true
        }
        var list: [XMLAttribute] = []
        if attributeCount > 0, let attributes {
            list.reserveCapacity(attributeCount)
            for index in 0..<attributeCount {
                let fields = attributes + index * 5
                guard let start = fields[3], let end = fields[4] else { continue }
                list.append(
                    XMLAttribute(
                        namespace: name(fields[2]), localName: name(fields[0]), prefix: name(fields[1]),
                        value: attributeValue(UnsafeBufferPointer(start: start, count: start.distance(to: end)))))
            }
        }
        emptyElementOpen = isEmpty
        if !isEmpty {
            depth += 1
            if depth > XMLPullReader.maximumDepth {
                errors += 1
                xmlStopParser(parser)
                return
            }
        }
        enqueue(
            .start(
                XMLStartTag(
                    namespace: name(uri), localName: name(localName), prefix: name(prefix), attributes: list,
                    isEmpty: isEmpty)))
    }

    /// `endElementNs`.
    mutating func end() {
        if emptyElementOpen {
            emptyElementOpen = false
            return
        }
        flushText()
        depth -= 1
        enqueue(.end)
    }

    /// `characters`, `cdataBlock` and `ignorableWhitespace`: one more piece of the current text run, up to
    /// ``XMLPullReader/maximumTextLength`` in all (cut on a UTF-8 character boundary).
    mutating func characters(_ pointer: UnsafePointer<xmlChar>?, _ length: Int) {
        guard let pointer, length > 0 else { return }
        var kept = length
        if textLength + kept > XMLPullReader.maximumTextLength {
            guard textLength < XMLPullReader.maximumTextLength else { return }
            errors += 1
            kept = XMLPullReader.maximumTextLength - textLength
            while kept > 0, pointer[kept] & 0xC0 == 0x80 { kept -= 1 }  // never split a multi-byte character
        }
        if textLength + kept > textCapacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(textCapacity * 2, textLength + kept))
            larger.update(from: text, count: textLength)
            text.deallocate()
            text = larger
            textCapacity = max(textCapacity * 2, textLength + kept)
        }
        (text + textLength).update(from: pointer, count: kept)
        textLength += kept
    }

    /// `processingInstruction`: a marker of `CDATASections` stands for the next section's text; other processing
    /// instructions carry no feed data. Outside the root element a section is an error (XML 1.0 §2.1: no
    /// character data there), which libxml2 would have reported.
    mutating func processingInstruction(_ target: UnsafePointer<xmlChar>?) {
        guard let sections, let target, sectionsRead < sections.ranges.count, CDATASections.isMarker(target)
        else { return }
        let range = sections.ranges[sectionsRead]
        sectionsRead += 1
        guard depth > 0 else {
            errors += 1
            complaints += 1
            xmlStopParser(parser)
            return
        }
        sections.text.withUnsafeBufferPointer { text in
            characters(text.baseAddress.map { $0 + range.lowerBound }, range.count)
        }
    }

    /// `serror`: warnings (XML_ERR_WARNING) do not make a document ill-formed; errors and fatal errors do.
    mutating func error(_ error: UnsafePointer<xmlError>) {
        if error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue { errors += 1 }
        complaints += 1
        // xmlStopParser is libxml2's way for a callback to end the parse: the parser returns at its next check.
        if strict { xmlStopParser(parser) }
    }

    /// An attribute value as libxml2 hands it over. With entity substitution off, libxml2 writes a literal `&`
    /// (from `&amp;` or `&#38;`) as `&#38;` and a declared entity as its reference, for a tree builder to decode;
    /// every `&` in the value therefore starts one of those two forms.
    private func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: "&")), bytes.count) != nil else {
            return XMLText.decode(bytes)
        }
        var result = ""
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "&"), let close = bytes[index...].firstIndex(of: UInt8(ascii: ";"))
            else {
                let next = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
                result += XMLText.decode(UnsafeBufferPointer(rebasing: bytes[index..<next]))
                index = next
                continue
            }
            let reference = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close]), as: UTF8.self)
            if reference == "#38" {
                result += "&"
            } else if let entity = entities[reference] {
                result += entity.text
            }
            index = close + 1
        }
        return result
    }

    /// Names come from libxml2's dictionary, so one pointer always spells one name: cache the Swift strings by
    /// pointer instead of decoding the same bytes for every element. A direct-mapped table in front of the
    /// dictionary answers the few names a feed repeats for every item without hashing.
    private mutating func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        let key = UnsafeRawPointer(pointer)
        let bits = UInt(bitPattern: key)
        // Dictionary strings sit packed in libxml2's pools, a few bytes apart: a multiplicative hash spreads
        // neighbours over the table, where the low bits alone would send them to the same slot.
        let slot = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> Self.slotShift)
        if slotKeys[slot] == bits { return slotNames[slot] }
        let decoded: String
        if let cached = names[key] {
            decoded = cached
        } else {
            decoded = String(cString: pointer)
            names[key] = decoded
        }
        slotKeys[slot] = bits
        slotNames[slot] = decoded
        return decoded
    }

    private static let slotCount = 256
    private static let slotShift = UInt(UInt.bitWidth - 8)
}
