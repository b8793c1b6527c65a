internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// A streaming pull reader over libxml2's `xmlTextReader`: start tags, text and end events in document order,
/// without building a tree of the document.
///
/// Hostile input: the options are `RECOVER | NONET | NOCDATA` only. Without `NOENT` no entity declared in a DTD
/// is substituted (so a billion-laughs document stays small and an external entity naming `file:///etc/passwd`
/// is never read: libxml2 loads external entities only under `NOENT` or `DTDVALID`); without `DTDLOAD` no
/// external DTD is fetched; without `HUGE` libxml2 keeps its size limits.
///
/// libxml2's reader stops at the first error it cannot step over, even with `RECOVER` (a mismatched end tag, for
/// instance). For such documents ``init(bytes:encoding:documentURL:recovering:)`` with `recovering: true` parses
/// the whole document with libxml2's recovering tree parser and walks the recovered tree with the same reader
/// API (`xmlReaderWalker`): a tree of the whole file, but only for documents that are broken.
///
/// Not `Sendable`: it owns a C reader bound to the calling thread's libxml2 state. Create, use and drop it inside
/// one function.
public final class XMLPullReader {
    private let reader: OpaquePointer
    private let buffer: UnsafeMutableRawBufferPointer
    private let document: UnsafeMutablePointer<xmlDoc>?
    private let status: ErrorCounter
    private var names: [UnsafeRawPointer: String] = [:]
    /// The direct-mapped name table (see ``name(_:)``). Fixed buffers behind `let`s: a `var` array property of a
    /// class would pay a dynamic exclusivity check on every one of the several lookups per element.
    private let slotKeys: UnsafeMutablePointer<UInt>
    private let slotNames: UnsafeMutablePointer<String>
    private var finished = false
    /// Bytes of internal entity text handed out so far; see ``internalEntityText()``.
    private var entityBudget = 1 << 20

    /// Starts reading `bytes`. `encoding` (an IANA charset name) overrides the document's own declaration, as an
    /// HTTP charset does (RFC 7303 §3.2); nil lets libxml2 detect it from the BOM and XML declaration.
    /// `recovering` reads a broken document through libxml2's recovering tree parser (see the type's notes).
    public init(bytes: [UInt8], encoding: String? = nil, documentURL: String? = nil, recovering: Bool = false)
        throws(XMLReaderError)
    {
        guard !bytes.isEmpty else { throw .emptyDocument }
        _ = libxml2Initialized
        // libxml2 reads the memory in place while parsing, so keep a private copy alive for the reader's life.
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        silenceGlobalErrors()
        var flags =
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
            | XML_PARSE_COMPACT.rawValue
        // A forced encoding must win over the declaration, which libxml2 would otherwise switch to mid-document.
        if encoding?.isEmpty == false { flags |= XML_PARSE_IGNORE_ENC.rawValue }
        let options = Int32(flags)
        let base = copy.baseAddress!.assumingMemoryBound(to: CChar.self)
        var document: UnsafeMutablePointer<xmlDoc>?
        let created: OpaquePointer? = documentURL.withOptionalCString { url in
            encoding.withOptionalCString { enc in
                if recovering {
                    document = xmlReadMemory(base, Int32(bytes.count), url, enc, options)
                    return document.flatMap { xmlReaderWalker($0) }
                }
                return xmlReaderForMemory(base, Int32(bytes.count), url, enc, options)
            }
        }
        guard let created else {
            if let document { xmlFreeDoc(document) }
            copy.deallocate()
            throw .readerCreationFailed
        }
        reader = created
        buffer = copy
        slotKeys = .allocate(capacity: Self.slotCount)
        slotKeys.initialize(repeating: 0, count: Self.slotCount)
        slotNames = .allocate(capacity: Self.slotCount)
        slotNames.initialize(repeating: "", count: Self.slotCount)
        self.document = document
        status = ErrorCounter()
        // A recovered document was ill-formed by definition: that is why it is being recovered. A tree walker has
        // no parser context to report errors from (libxml2 dereferences it), so it gets no handler.
        guard !recovering else {
            status.errors = 1
            return
        }
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { context, error in
                guard let context, let error else { return }
                // Warnings (XML_ERR_WARNING) do not make a document ill-formed; errors and fatal errors do.
                if error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue {
                    Unmanaged<ErrorCounter>.fromOpaque(context).takeUnretainedValue().errors += 1
                }
            }, Unmanaged.passUnretained(status).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
        if let document { xmlFreeDoc(document) }
        buffer.deallocate()
        slotKeys.deallocate()
        slotNames.deinitialize(count: Self.slotCount)
        slotNames.deallocate()
    }

    /// False once libxml2 reported an error and had to recover (or gave up: a truncated document).
    public var wellFormed: Bool { status.errors == 0 }

    /// True when the streaming reader gave up at an error before the end of the document: a recovering reader
    /// may get more out of it.
    public private(set) var stoppedEarly = false

    /// The next event, or nil at the end of the document (or where an unrecoverable error stopped parsing).
    public func next() -> XMLEvent? {
        while !finished {
            let result = xmlTextReaderRead(reader)
            guard result == 1 else {
                finished = true
                if result < 0 {
                    status.errors += 1
                    stoppedEarly = document == nil
                }
                return nil
            }
            switch xmlTextReaderNodeType(reader) {
            case 1:  // XML_READER_TYPE_ELEMENT
                return .start(startTag())
            case 3, 4, 13, 14:  // TEXT, CDATA, WHITESPACE, SIGNIFICANT_WHITESPACE
                guard let value = xmlTextReaderConstValue(reader) else { continue }
                return .text(boundedText(value))
            case 15:  // END_ELEMENT
                return .end
            case 5:  // ENTITY_REFERENCE: only internal entities, only when their text holds no further references
                if let text = internalEntityText() { return .text(text) }
                continue
            default:
                // Comments, processing instructions, doctype and unexpanded entity references carry no feed data.
                continue
            }
        }
        return nil
    }

    /// Reads the rest of the element whose start tag was just returned, building its subtree (children and
    /// text). A truncated document yields what was there.
    public func readElement(_ tag: consuming XMLStartTag) -> XMLElement {
        guard !tag.isEmpty else { return XMLElement(tag: tag) }
        // The children gather in a local array and the tag is moved in at the end: building the element first
        // and appending to its array would copy the tag and the finished child once more per element. Text
        // before the first child element waits outside the array, so a leaf (most elements) needs none.
        var children: [XMLNode] = []
        var pending: String?
        loop: while let event = next() {
            switch event {
            case .start(let child):
                let element = readElement(child)
                if children.isEmpty {
                    // An element with element children (an item, an author) usually has a dozen or more: start
                    // with room for them instead of growing one, two, four at a time.
                    children.reserveCapacity(16)
                    if let text = pending.take() { children.append(.text(text)) }
                }
                children.append(.element(consume element))
            case .text(let text):
                if children.isEmpty {
                    // Adjacent runs merge up to the same bound as a single node (see `maximumTextLength`).
                    if let previous = pending {
                        if previous.utf8.count < Self.maximumTextLength { pending = previous + text }
                    } else {
                        pending = text
                    }
                } else if case .text(let previous) = children.last {
                    guard previous.utf8.count < Self.maximumTextLength else { continue }
                    children[children.count - 1] = .text(previous + text)
                } else {
                    children.append(.text(text))
                }
            case .end:
                break loop
            }
        }
        if children.isEmpty, let text = pending.take() { return XMLElement(tag: tag, text: text) }
        return XMLElement(tag: tag, children: children)
    }

    /// Skips the rest of the element whose start tag was just returned.
    public func skipElement(_ tag: XMLStartTag) {
        guard !tag.isEmpty else { return }
        var depth = 1
        while let event = next() {
            switch event {
            case .start(let child): if !child.isEmpty { depth += 1 }
            case .text: continue
            case .end:
                depth -= 1
                if depth == 0 { return }
            }
        }
    }

    /// Decodes a text node. U+0080–U+009F are C1 controls no feed means: they come from windows-1252 text
    /// (smart quotes, dashes) mislabelled as ISO-8859-1 and re-encoded, so they are read as the windows-1252
    /// characters at those bytes (feedparser's "demoronize"). The scan for the UTF-8 lead byte 0xC2 is cheap.
    /// The most text one node may contribute, in UTF-8 bytes. libxml2's streaming reader stops at 10 MB
    /// (XML_MAX_TEXT_LENGTH), but its recovering tree parser reads on, so a 50 MB text node could reach the
    /// adapters whole; 4 MiB is far above any real item's content and keeps a hostile one cheap.
    public static let maximumTextLength = 4 << 20

    /// A text node's value, cut at ``maximumTextLength`` (on a UTF-8 character boundary); a cut marks the
    /// document ill-formed, as text was lost.
    private func boundedText(_ value: UnsafePointer<xmlChar>) -> String {
        let length = Int(xmlStrlen(value))
        guard length > Self.maximumTextLength else {
            return Self.text(UnsafeBufferPointer(start: value, count: length))
        }
        status.errors += 1
        var end = Self.maximumTextLength
        while end > 0, value[end] & 0xC0 == 0x80 { end -= 1 }  // never split a multi-byte character
        return Self.text(UnsafeBufferPointer(start: value, count: end))
    }

    /// True when the bytes hold a UTF-8 encoded C1 control (0xC2 0x80–0x9F); `memchr` finds the rare lead byte.
    private static func hasC1(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var offset = 0
        while offset < bytes.count, let hit = memchr(base + offset, 0xC2, bytes.count - offset) {
            let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if index + 1 < bytes.count, bytes[index + 1] >= 0x80, bytes[index + 1] <= 0x9F { return true }
            offset = index + 1
        }
        return false
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let layout = indentation(bytes) { return layout }
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard hasC1(bytes) else { return decoded }
        // All of it below U+0100 and valid UTF-8 when read as bytes: UTF-8 that was decoded as ISO-8859-1 and
        // encoded again ("â\u{80}¦" for "…"). Undo the second encoding.
        if decoded.unicodeScalars.allSatisfy({ $0.value < 0x100 }) {
            let bytes = decoded.unicodeScalars.map { UInt8($0.value) }
            if let original = String(validating: bytes, as: UTF8.self) { return original }
        }
        var scalars = String.UnicodeScalarView()
        for scalar in decoded.unicodeScalars {
            if scalar.value >= 0x80, scalar.value <= 0x9F, let mapped = windows1252C1[Int(scalar.value - 0x80)],
                let replacement = Unicode.Scalar(mapped)
            {
                scalars.append(replacement)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The white space between the elements of a pretty-printed feed (a newline, then up to 16 spaces), from a
    /// table: that is half of all text nodes, and decoding each one would validate and copy it again.
    private static func indentation(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count <= indentations.count, bytes.first == 10 else { return nil }
        for index in 1..<bytes.count where bytes[index] != 32 { return nil }
        return indentations[bytes.count - 1]
    }

    private static let indentations = (0...16).map { "\n" + String(repeating: " ", count: $0) }

    /// windows-1252's characters at bytes 0x80–0x9F (nil where it leaves the byte undefined).
    private static let windows1252C1: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil,
        0x017D, nil, nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, nil, 0x017E, 0x0178,
    ]

    /// The replacement text of the internal general entity at the cursor (XML 1.0 §4.2.1), when it is plain text:
    /// no `&` (so no nested references to expand: billion laughs stays one level deep) and no `<` (no markup).
    /// External entities are never read. A budget of 1 MiB in all bounds the "quadratic blowup" attack (one large
    /// entity referenced many times); past it references are dropped and the document counts as ill-formed.
    private func internalEntityText() -> String? {
        guard entityBudget > 0 else { return nil }
        guard let node = xmlTextReaderCurrentNode(reader), let name = node.pointee.name,
            let entity = xmlGetDocEntity(node.pointee.doc, name),
            entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY, let content = entity.pointee.content
        else { return nil }
        var cursor = content
        while cursor.pointee != 0, content.distance(to: cursor) <= entityBudget {
            if cursor.pointee == 38 || cursor.pointee == 60 { return nil }
            cursor += 1
        }
        let length = content.distance(to: cursor)
        guard length <= entityBudget, cursor.pointee == 0 else {
            entityBudget = 0
            status.errors += 1
            return nil
        }
        entityBudget -= length
        return String(cString: content)
    }

    private func startTag() -> XMLStartTag {
        let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
        let localName = name(xmlTextReaderConstLocalName(reader))
        let namespace = name(xmlTextReaderConstNamespaceUri(reader))
        let prefix = name(xmlTextReaderConstPrefix(reader))
        var attributes: [XMLAttribute] = []
        if xmlTextReaderHasAttributes(reader) == 1 {
            // Room for all of them at once, instead of growing from one to two to four.
            attributes.reserveCapacity(Int(max(xmlTextReaderAttributeCount(reader), 1)))
            while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                let attributeNamespace = name(xmlTextReaderConstNamespaceUri(reader))
                // Namespace declarations are not attributes of the feed vocabulary (Namespaces in XML 1.0 §3).
                if attributeNamespace == "http://www.w3.org/2000/xmlns/" { continue }
                let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
                attributes.append(
                    XMLAttribute(
                        namespace: attributeNamespace, localName: name(xmlTextReaderConstLocalName(reader)),
                        prefix: name(xmlTextReaderConstPrefix(reader)), value: value))
            }
            xmlTextReaderMoveToElement(reader)
        }
        return XMLStartTag(
            namespace: namespace, localName: localName, prefix: prefix, attributes: attributes, isEmpty: isEmpty)
    }

    /// Names come from libxml2's dictionary, so one pointer always spells one name: cache the Swift strings by
    /// pointer instead of decoding the same bytes for every element.
    /// A direct-mapped table in front of the dictionary answers the few names a feed repeats for every item
    /// without hashing.
    private func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
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

/// libxml2 must be initialised once before threads use it concurrently (its global tables, dictionaries and
/// encoding handlers); a Swift global is initialised exactly once, thread-safely.
let libxml2Initialized: Void = xmlInitParser()

/// Counts errors reported by libxml2's callback (reached through an opaque pointer, hence a class).
private final class ErrorCounter {
    var errors = 0
}

/// Routes libxml2's thread-global error output to nowhere: without this, errors raised before the reader's own
/// handler is installed (encoding setup) would be printed to stderr.
func silenceGlobalErrors() {
    xmlSetStructuredErrorFunc(nil) { _, _ in }
}

extension String? {
    func withOptionalCString<R>(_ body: (UnsafePointer<CChar>?) -> R) -> R {
        switch self {
        case .some(let string) where !string.isEmpty: string.withCString { body($0) }
        default: body(nil)
        }
    }
}
