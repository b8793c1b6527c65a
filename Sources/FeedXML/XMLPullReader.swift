internal import CLibXML2

/// A streaming pull reader over libxml2's push parser with a SAX2 handler of feedd's own: start tags, text and
/// end events in document order, without building a node per element as `xmlTextReader` does. The document goes
/// in slices of ``sliceLength`` bytes whose events ``next()`` drains, so memory follows the slice.
///
/// Hostile input: the options are `RECOVER | NONET` only and the handler declares no entity to libxml2, so a
/// billion-laughs document stays small, `file:///etc/passwd` is never read (`SAXEventSink+Entities.swift` has
/// the text entities feedd honours), no external DTD is fetched and libxml2 keeps its size limits. With
/// `RECOVER` events go on after a well-formedness error, as libxml2's recovering tree parser reads on, and a
/// truncated document yields the events before the cut; ``wellFormed`` says whether it had to.
///
/// Not `Sendable`: it owns a C parser bound to the calling thread's libxml2 state; create, use and drop it in one
/// function.
public final class XMLPullReader {
    private let parser: xmlParserCtxtPtr
    private let sink: UnsafeMutablePointer<SAXEventSink>
    private let bytes: [UInt8]
    private var offset: Int
    private var finished = false

    /// How much of the document libxml2 gets per push: large enough that the per-push work (libxml2 looks for
    /// the last `<` and `>` of the data it holds) stays small, small enough that a slice's events stay few (a
    /// 64 KiB slice queued thousands, and the queue's growth copied them again).
    static let sliceLength = 4 << 10

    /// Starts reading `bytes`. `encoding` (an IANA charset name) overrides the document's own declaration, as an
    /// HTTP charset does (RFC 7303 §3.2); nil lets libxml2 detect it from the BOM and XML declaration. A `strict`
    /// reader ends at libxml2's first error or warning instead of recovering (see ``isClean``); when the caller
    /// knows the bytes are read as UTF-8 (`utf8`), it also reads CDATA sections itself (see `CDATASections`).
    public init(
        bytes: [UInt8], encoding: String? = nil, documentURL: String? = nil, strict: Bool = false, utf8: Bool = false
    ) throws(XMLReaderError) {
        guard !bytes.isEmpty else { throw .emptyDocument }
        let sections = strict && utf8 ? CDATASections.extract(bytes) : nil
        let bytes = sections?.document ?? bytes
        _ = libxml2Initialized
        silenceGlobalErrors()
        let sink = UnsafeMutablePointer<SAXEventSink>.allocate(capacity: 1)
        sink.initialize(to: SAXEventSink())
        var handler = SAXEventSink.handler()
        // The first four bytes go with the creation, as libxml2 detects a BOM-less UTF-16/32 document from them.
        let head = min(4, bytes.count)
        let created = bytes.withUnsafeBytes { raw in
            documentURL.withOptionalCString { url in
                xmlCreatePushParserCtxt(
                    &handler, UnsafeMutableRawPointer(sink),
                    raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(head), url)
            }
        }
        guard let created else {
            sink.pointee.release()
            sink.deinitialize(count: 1)
            sink.deallocate()
            throw .readerCreationFailed
        }
        var flags = XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue
        // A forced encoding must win over the declaration, which libxml2 would otherwise switch to mid-document.
        // A name libxml2 does not know leaves the bytes to be read as UTF-8, as its own reader did.
        if let encoding, !encoding.isEmpty {
            flags |= XML_PARSE_IGNORE_ENC.rawValue
            if let converter = xmlFindCharEncodingHandler(encoding) { xmlSwitchToEncoding(created, converter) }
        }
        xmlCtxtUseOptions(created, Int32(flags))
        sink.pointee.parser = created
        sink.pointee.strict = strict
        if let sections { sink.pointee.sections = sections }
        parser = created
        self.sink = sink
        self.bytes = bytes
        offset = head
    }

    deinit {
        // A document that declares entities gets a stand-in tree from libxml2 (its "expat compatibility in SAX
        // mode" keeps them there too), which a SAX caller owns.
        if let document = parser.pointee.myDoc {
            xmlFreeDoc(document)
            parser.pointee.myDoc = nil
        }
        xmlFreeParserCtxt(parser)
        sink.pointee.release()
        sink.deinitialize(count: 1)
        sink.deallocate()
    }

    /// False once libxml2 reported an error and had to recover (or gave up: a truncated document).
    public var wellFormed: Bool { sink.pointee.errors == 0 }

    /// True while libxml2 has not reported anything, not even a warning, and the reader has cut nothing. A strict
    /// reader that is not clean stopped early: its events are only a prefix of the document's.
    public var isClean: Bool { sink.pointee.errors == 0 && sink.pointee.complaints == 0 }

    /// The next event, or nil at the end of the document (or where an unrecoverable error stopped parsing).
    public func next() -> XMLEvent? {
        while true {
            if let event = sink.pointee.nextQueued() { return event }
            guard !finished else { return nil }
            pushSlice()
        }
    }

    /// Hands libxml2 the next slice of the document (the last one with `terminate`), which fills the queue.
    private func pushSlice() {
        sink.pointee.clearQueue()
        let length = min(Self.sliceLength, bytes.count - offset)
        let last = offset + length == bytes.count
        bytes.withUnsafeBytes { raw in
            let start = raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            _ = xmlParseChunk(parser, start, Int32(length), last ? 1 : 0)
        }
        offset += length
        if last || parser.pointee.instate == XML_PARSER_EOF {
            finished = true
            sink.pointee.finish()
        }
    }

    /// Reads the rest of the element whose start tag was just returned, building its subtree (children and
    /// text). A truncated document yields what was there.
    public func readElement(_ tag: consuming XMLStartTag) -> XMLElement {
        guard !tag.isEmpty else { return XMLElement(tag: consume tag) }
        // The children gather in a local array and the tag is moved in at the end: building the element first
        // and appending to its array would copy the tag and the finished child once more per element. The sink
        // merges adjacent text, so a text event is always followed by a start or an end.
        var children: [XMLNode] = []
        var pending: String?
        loop: while let event = next() {
            // `consume`: a child's start tag is moved out of the event into its element; a plain `switch` copies
            // it (three strings and an array retained, then released with the event).
            switch consume event {
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
                if children.isEmpty { pending = text } else { children.append(.text(text)) }
            case .end:
                break loop
            }
        }
        if children.isEmpty, let text = pending.take() { return XMLElement(tag: consume tag, text: text) }
        return XMLElement(tag: consume tag, children: children)
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

    /// The deepest nesting read: libxml2's push parser does not bound it as its other parsers do (256 levels
    /// without `HUGE`), and the reader's callers recurse per level, so the reader stops the parser there (the
    /// document counts as ill-formed).
    public static let maximumDepth = 256

    /// The most text one node may contribute, in UTF-8 bytes: far above any real item's content, and it keeps a
    /// hostile 50 MB text node cheap. A cut marks the document ill-formed, as text was lost.
    public static let maximumTextLength = 4 << 20
}

/// libxml2 must be initialised once before threads use it concurrently (its global tables, dictionaries and
/// encoding handlers); a Swift global is initialised exactly once, thread-safely.
let libxml2Initialized: Void = xmlInitParser()

/// Routes libxml2's thread-global error output to nowhere: without this, errors raised outside a parser's own
/// handler (encoding setup) would be printed to stderr.
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
