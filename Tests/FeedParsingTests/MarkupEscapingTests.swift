import FeedXML
import Testing

/// The one escaper every XML and HTML writer uses (the parser's markup serialiser, the sanitizer, OPML export).
@Suite struct MarkupEscapingTests {
    @Test(arguments: [
        // Text without a reserved character comes back as it is, in every context.
        ("plain café ✓", MarkupEscaping.Context.text, "plain café ✓"),
        ("plain café ✓", .attribute, "plain café ✓"),
        ("plain café ✓", .normalizedAttribute, "plain café ✓"),
        ("", .text, ""),
        // Element content: &, < and > only; quotes and white space stay.
        ("a < b && c > \"d\"", .text, "a &lt; b &amp;&amp; c &gt; \"d\""),
        ("tab\tline\nreturn\r", .text, "tab\tline\nreturn\r"),
        // An attribute value also escapes the double quote that would end it; the apostrophe stays.
        ("say \"hi\" & 'bye' <x>", .attribute, "say &quot;hi&quot; &amp; 'bye' &lt;x&gt;"),
        ("tab\tline\n", .attribute, "tab\tline\n"),
        // A normalized attribute keeps tabs and line breaks as character references and drops other C0 controls.
        ("a\tb\nc\rd", .normalizedAttribute, "a&#9;b&#10;c&#13;d"),
        ("bell\u{07}null\u{00}esc\u{1B}", .normalizedAttribute, "bellnullesc"),
        ("\"R&D\" <news>", .normalizedAttribute, "&quot;R&amp;D&quot; &lt;news&gt;"),
        // A reserved character next to a combining mark is escaped all the same (bytes, not graphemes).
        ("<\u{301}&\u{301}", .text, "&lt;\u{301}&amp;\u{301}"),
        // An existing reference is text like any other: its ampersand is escaped again.
        ("&amp;", .text, "&amp;amp;"),
    ])
    func escapes(text: String, context: MarkupEscaping.Context, expected: String) {
        #expect(MarkupEscaping.escaped(text, for: context) == expected)
    }
}
