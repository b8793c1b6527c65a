import Testing

@testable import FeedParsing

/// The byte-level rewriter: what it changes, and that HTML already in its output form comes back unchanged.
@Suite struct HTMLRewriterTests {
    @Test(arguments: [
        // Already canonical: returned as it is.
        (#"<p>Text with <a href="http://a.example/x">a link</a> &amp; more.</p>"#, nil as String?),
        (#"<img alt="x" src="https://a.example/i.png" />"#, nil),
        ("plain text, no markup at all", nil),
        // Relative URLs resolved against the base, values trimmed.
        (#"<a href=" /rel/1 ">x</a>"#, #"<a href="http://example.org/rel/1">x</a>"#),
        (#"<img src='i.png'>"#, #"<img src="http://example.org/feed/i.png" />"#),
        // Names lower-cased (non-ASCII attribute names too), attributes sorted and double-quoted.
        (#"<A TITLE=t HREF="http://a.example/">x</A>"#, #"<a href="http://a.example/" title="t">x</a>"#),
        (#"<span DÄTA="1">x</span>"#, #"<span däta="1">x</span>"#),
        // Escaping and references.
        ("a & b < c", "a &amp; b &lt; c"),
        ("&#X41; &#146; &eacute;", "&#x41; &#x2019; &eacute;"),
        (#"<a title="say "hi"">x</a>"#, #"<a hi"" title="say ">x</a>"#),
        (#"<a title='a<b>"c"'>x</a>"#, #"<a title="a&lt;b&gt;&quot;c&quot;">x</a>"#),
        // Void elements, SGML empty tags, comments and declarations.
        ("<br><hr/></br>", "<br /><hr />"),
        ("a<>b</>c", "abc"),
        ("<!-- <a href='x'> --><!DOCTYPE html>", "<!-- <a href='x'> --><!DOCTYPE html>"),
    ])
    func rewrites(_ html: String, _ expected: String?) {
        #expect(HTMLRewriter.rewrite(html, base: "http://example.org/feed/") == (expected ?? html))
    }

    @Test func withoutABaseRelativeURLsStay() {
        #expect(HTMLRewriter.rewrite(#"<a HREF='/x'>y</a>"#, base: nil) == #"<a href="/x">y</a>"#)
    }
}
