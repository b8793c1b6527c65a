import FeedXML
import Testing

@Suite struct XMLPullReaderTests {
    @Test func yieldsNamespacedEventsInOrder() throws {
        let document = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/" xml:lang="en">\
            <title type="text">A &amp; B</title><link href="x"/><![CDATA[<raw>]]></feed>
            """
        let reader = try XMLPullReader(bytes: Array(document.utf8))
        var events: [XMLEvent] = []
        while let event = reader.next() { events.append(event) }
        let atom = "http://www.w3.org/2005/Atom"
        let root = XMLStartTag(
            namespace: atom, localName: "feed", prefix: "",
            attributes: [
                XMLAttribute(
                    namespace: xmlNamespaceURI, localName: "base", prefix: "xml", value: "http://example.org/"),
                XMLAttribute(namespace: xmlNamespaceURI, localName: "lang", prefix: "xml", value: "en"),
            ], isEmpty: false)
        let title = XMLStartTag(
            namespace: atom, localName: "title", prefix: "",
            attributes: [XMLAttribute(namespace: "", localName: "type", prefix: "", value: "text")], isEmpty: false)
        let link = XMLStartTag(
            namespace: atom, localName: "link", prefix: "",
            attributes: [XMLAttribute(namespace: "", localName: "href", prefix: "", value: "x")], isEmpty: true)
        #expect(
            events == [.start(root), .start(title), .text("A & B"), .end, .start(link), .text("<raw>"), .end])
        #expect(reader.wellFormed)
    }

    @Test func innerMarkupReserialisesXHTML() throws {
        let document = """
            <content xmlns:x="http://www.w3.org/1999/xhtml"><x:div><x:p class="a&quot;b">1 &lt; 2 &amp; <x:br/></x:p></x:div></content>
            """
        let reader = try XMLPullReader(bytes: Array(document.utf8))
        guard case .start(let tag) = reader.next() else {
            Issue.record("no start tag")
            return
        }
        let element = reader.readElement(tag)
        #expect(element.innerMarkup == "<x:div><x:p class=\"a&quot;b\">1 &lt; 2 &amp; <x:br /></x:p></x:div>")
        #expect(
            element.elements.first?.innerMarkup(escapingText: false) == "<x:p class=\"a&quot;b\">1 < 2 & <x:br /></x:p>"
        )
        #expect(element.deepText == "1 < 2 & ")
    }

    @Test func recoveryIsReported() throws {
        let reader = try XMLPullReader(bytes: Array("<rss><channel><title>x</channel></rss>".utf8))
        while reader.next() != nil {}
        #expect(!reader.wellFormed)
    }

    @Test func attributeReferencesAreDecoded() throws {
        // libxml2 hands a SAX handler `&amp;` as `&#38;` and a declared entity as `&name;` inside attribute values.
        let document = """
            <!DOCTYPE r [<!ENTITY host "example.org">]>\
            <r a="?x=1&amp;y=2&#38;z&amp;amp;" b="http://&host;/p" c="&lt;&quot;">&host;</r>
            """
        let reader = try XMLPullReader(bytes: Array(document.utf8))
        guard case .start(let tag) = reader.next() else {
            Issue.record("no start tag")
            return
        }
        #expect(tag.attribute("a") == "?x=1&y=2&z&amp;")
        #expect(tag.attribute("b") == "http://example.org/p")
        #expect(tag.attribute("c") == "<\"")
        #expect(reader.readElement(tag).text == "example.org")
        #expect(reader.wellFormed)
    }

    @Test func adjacentTextIsOneEvent() throws {
        // libxml2 splits this run at the reference, the CDATA section and every 300 bytes of non-ASCII text.
        let long = String(repeating: "\u{E9}t\u{E9} ", count: 200)
        let document = "<t>\(long)&amp;<![CDATA[<x>]]>&#233;\(long)</t>"
        let reader = try XMLPullReader(bytes: Array(document.utf8))
        var events: [XMLEvent] = []
        while let event = reader.next() { events.append(event) }
        #expect(events.count == 3)
        #expect(events.dropFirst().first == .text(long + "&<x>\u{E9}" + long))
    }

    @Test(arguments: [10, 256, 257, 100_000])
    func nestingIsBounded(_ depth: Int) throws {
        let document = String(repeating: "<a>", count: depth) + "x" + String(repeating: "</a>", count: depth)
        let reader = try XMLPullReader(bytes: Array(document.utf8))
        var starts = 0
        var ends = 0
        while let event = reader.next() {
            if case .start = event { starts += 1 }
            if case .end = event { ends += 1 }
        }
        #expect(starts == min(depth, XMLPullReader.maximumDepth))
        #expect(reader.wellFormed == (depth <= XMLPullReader.maximumDepth))
        if depth <= XMLPullReader.maximumDepth { #expect(ends == depth) }
    }

    @Test func documentsLongerThanOneSliceReadWhole() throws {
        let items = (0..<5000).map { "<item><title>n\u{E9}ws \($0)</title><link href=\"/\($0)\"/></item>" }
        let document = "<feed>" + items.joined(separator: "\n") + "</feed>"
        #expect(document.utf8.count > 3 * 64 << 10)
        let reader = try XMLPullReader(bytes: Array(document.utf8))
        guard case .start(let root) = reader.next() else {
            Issue.record("no root")
            return
        }
        let feed = reader.readElement(root)
        #expect(feed.elements.count == 5000)
        #expect(feed.elements.last?.elements.first?.text == "n\u{E9}ws 4999")
        #expect(feed.elements.last?.elements.last?.attribute("href") == "/4999")
        #expect(feed.elements.last?.elements.last?.tag.isEmpty == true)
        #expect(reader.wellFormed)
    }

    @Test func aStrictReaderStopsAtTheFirstComplaint() throws {
        let document = """
            <rss><channel><title>a</title><item>&nbsp;</item><item><title>b</title></item></channel></rss>
            """
        func starts(strict: Bool) throws -> (Int, Bool) {
            let reader = try XMLPullReader(bytes: Array(document.utf8), strict: strict)
            var count = 0
            while let event = reader.next() { if case .start = event { count += 1 } }
            return (count, reader.isClean)
        }
        // The undeclared entity is the first complaint: a strict reader ends there, a lenient one reads on.
        #expect(try starts(strict: true) == (4, false))
        #expect(try starts(strict: false) == (6, false))
        let clean = try XMLPullReader(bytes: Array("<a><b>x</b></a>".utf8), strict: true)
        while clean.next() != nil {}
        #expect(clean.isClean)
    }

    /// Strict UTF-8 readers take CDATA sections out of libxml2's way; what a reader yields must not change.
    @Test(arguments: [
        "<r><a><![CDATA[<p>caf\u{E9} &amp; <b>bold</b></p>]]></a></r>",
        "<r><a>before <![CDATA[one]]><![CDATA[]]> &lt; <![CDATA[two \u{1F600}]]> after</a></r>",
        "<?xml version=\"1.0\"?><!-- <![CDATA[ in a comment ]]> --><r><?pi <![CDATA[x]]>?><a><![CDATA[]]]]></a></r>",
        "<!DOCTYPE r [<!ENTITY e \"<![CDATA[x]]>\">]><r><a><![CDATA[y]]></a></r>",
        "<r><a t=\"1>2\"><![CDATA[\n\tindented\n]]></a><b/></r>",
        "<r><a><![CDATA[cr\r\nlf]]></a></r>",  // line ends are left to libxml2
    ])
    func cdataSectionsReadTheSameStrictOrNot(_ document: String) throws {
        func events(strict: Bool) throws -> ([XMLEvent], Bool) {
            let reader = try XMLPullReader(bytes: Array(document.utf8), strict: strict, utf8: true)
            var events: [XMLEvent] = []
            while let event = reader.next() { events.append(event) }
            return (events, reader.wellFormed)
        }
        let (strict, strictWellFormed) = try events(strict: true)
        let (lenient, lenientWellFormed) = try events(strict: false)
        #expect(strict == lenient)
        #expect(strictWellFormed && lenientWellFormed)
    }

    /// What libxml2 complains about in or around a section, a strict reader still complains about.
    @Test(arguments: [
        "<r><a><![CDATA[bell \u{7}]]></a></r>",  // not an XML Char
        "<![CDATA[before the root]]><r/>",
        "<r/><![CDATA[after the root]]>",
        "<r><a><![CDATA[never closed</a></r>",
    ])
    func cdataTroubleIsStillSeen(_ document: String) throws {
        let strict = try XMLPullReader(bytes: Array(document.utf8), strict: true, utf8: true)
        while strict.next() != nil {}
        let lenient = try XMLPullReader(bytes: Array(document.utf8))
        while lenient.next() != nil {}
        #expect(!strict.isClean)
        #expect(!lenient.isClean)
    }

    /// libxml2's push parser lets an overlong UTF-8 form through in a CDATA section it reads itself (here the
    /// internal DTD subset keeps `CDATASections` out): the text is decoded with a check, not trusted, so the
    /// overlong `<` becomes two replacement characters (found by the fuzzer; a debug build would stop at the
    /// unchecked string).
    @Test(arguments: [true, false])
    func overlongFormsInCDATAAreDecodedNotTrusted(_ strict: Bool) throws {
        let document: [UInt8] =
            Array("<!DOCTYPE r [<!ENTITY e \"x\">]><r><a><![CDATA[a".utf8) + [0xC0, 0xBC]
            + Array("b]]></a></r>".utf8)
        let reader = try XMLPullReader(bytes: document, strict: strict, utf8: true)
        guard case .start = reader.next(), case .start(let tag) = reader.next() else {
            Issue.record("no start tags")
            return
        }
        #expect(reader.readElement(tag).text == "a\u{FFFD}\u{FFFD}b")
        #expect(reader.isClean)
    }

    /// `moveChildren` hands out the same children, in order, as `children` lists, and leaves empty text in their
    /// places; a leaf hands out its text.
    @Test func moveChildrenHandsOutEveryChildInOrder() throws {
        let reader = try XMLPullReader(bytes: Array("<r>a<b>x</b><c/>d<e>y<f/></e></r>".utf8))
        guard case .start(let tag) = reader.next() else {
            Issue.record("no start tag")
            return
        }
        var element = reader.readElement(tag)
        let before = element.children
        var moved: [XMLNode] = []
        element.moveChildren { moved.append($0) }
        #expect(moved == before)
        #expect(moved.count == 5)
        #expect(element.children == Array(repeating: .text(""), count: 5))
        let leafTag = XMLStartTag(namespace: "", localName: "t", prefix: "", attributes: [], isEmpty: false)
        var leaf = XMLElement(tag: leafTag, text: "z")
        var leafChildren: [XMLNode] = []
        leaf.moveChildren { leafChildren.append($0) }
        #expect(leafChildren == [.text("z")])
        #expect(leaf.children == [.text("")])
    }

    @Test func emptyInputIsAnError() {
        #expect(throws: XMLReaderError.emptyDocument) { try XMLPullReader(bytes: []) }
    }
}

/// Text repairs the reader applies to C1 controls, which no feed means literally.
@Suite struct MojibakeTests {
    @Test(arguments: [
        ("<t>don&#146;t</t>", "don\u{2019}t"),  // a windows-1252 byte mislabelled as ISO-8859-1
        ("<t>&#226;&#128;&#166;</t>", "\u{2026}"),  // UTF-8 read as ISO-8859-1 and encoded again
        ("<t>caf\u{E9} &#128;5</t>", "caf\u{E9} \u{20AC}5"),
        ("<t>plain caf\u{E9}</t>", "plain caf\u{E9}"),
    ])
    func c1ControlsAreRepaired(_ document: String, _ expected: String) throws {
        let reader = try XMLPullReader(bytes: Array(document.utf8))
        guard case .start(let tag) = reader.next() else {
            Issue.record("no start tag")
            return
        }
        #expect(reader.readElement(tag).text == expected)
    }
}
