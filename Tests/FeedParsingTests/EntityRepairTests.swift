import Testing

@testable import FeedParsing

/// The byte-level repair of references and comments, and what it must leave alone.
@Suite struct EntityRepairTests {
    private func repaired(_ xml: String) -> String? {
        EntityRepair.repair(Array(xml.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: [
        ("<a>x &amp; y &lt; &gt; &quot; &apos; &#38; &#x26;</a>", nil as String?),
        ("<a>&nbsp;&eacute;</a>", "<a>&#160;&#233;</a>"),
        ("<a>?a=1&b=2 & &doesnotexist;</a>", "<a>?a=1&amp;b=2 &amp; &amp;doesnotexist;</a>"),
        ("<a>&#X41;</a>", "<a>&#x41;</a>"),
        ("<a><![CDATA[a & b &nbsp; ]] > ]]>&nbsp;</a>", "<a><![CDATA[a & b &nbsp; ]] > ]]>&#160;</a>"),
        ("<a><!-- a -- b -->&</a>", "<a><!-- a -  b -->&amp;</a>"),
        (
            "<!DOCTYPE a [<!ENTITY mine \"x\">]><a>&mine; &other;</a>",
            "<!DOCTYPE a [<!ENTITY mine \"x\">]><a>&mine; &amp;other;</a>"
        ),
        ("<a>no ampersand! <!- not a comment -> a--b</a>", nil),
        ("<a>trailing &", "<a>trailing &amp;"),
    ])
    func repairs(_ xml: String, _ expected: String?) {
        #expect(repaired(xml) == expected)
    }
}
