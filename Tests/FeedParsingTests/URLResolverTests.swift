import Testing

@testable import FeedParsing

/// RFC 3986 §5.4's reference resolution examples, plus IRIs and the no-base case.
@Suite struct URLResolverTests {
    @Test(arguments: [
        ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
        ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("..", "http://a/b/"), ("../g", "http://a/b/g"),
        ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("g;x=1/../y", "http://a/b/c/y"),
        ("mailto:x@y", "mailto:x@y"), ("À", "http://a/b/c/À"),
    ])
    func resolvesLikeRFC3986(_ reference: String, _ expected: String) {
        #expect(URLResolver.resolve(reference, against: "http://a/b/c/d;p?q") == expected)
    }

    @Test func noBaseLeavesTheReference() {
        #expect(URLResolver.resolve("/relative", against: nil) == "/relative")
        #expect(URLResolver.resolve("/relative", against: "") == "/relative")
    }

    @Test func htmlAttributesAreResolvedAndNormalised() {
        let html = "<A HREF='/x?a=1&b=2' title=\"t\">go</A><br><img src=p.png alt=\"a<b\"> & <! x"
        #expect(
            HTMLRewriter.rewrite(html, base: "http://example.org/dir/feed")
                == "<a href=\"http://example.org/x?a=1&amp;b=2\" title=\"t\">go</a><br /><img alt=\"a&lt;b\" "
                + "src=\"http://example.org/dir/p.png\" /> &amp; &lt;! x")
    }
}
