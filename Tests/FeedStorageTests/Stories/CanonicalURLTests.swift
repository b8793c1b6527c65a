import FeedModel
import Testing

@testable import FeedStorage

@Suite("Canonical URLs and story text") struct CanonicalURLTests {
    @Test(
        "copies of one article's URL compare equal",
        arguments: [
            ("https://www.Example.COM/news/story/", "example.com/news/story"),
            ("http://example.com:80/news/story#comments", "example.com/news/story"),
            ("https://example.com/a?utm_source=rss&utm_medium=feed&id=7", "example.com/a?id=7"),
            ("https://example.com/a?fbclid=X&b=2&gclid=Y&a=1&ref=home", "example.com/a?a=1&b=2"),
            ("https://example.com:443/a/?ref_src=twsrc", "example.com/a"),
            ("ftp://example.com/a", nil),
            ("urn:uuid:1234", nil),
        ] as [(String, String?)])
    func canonical(link: String, expected: String?) {
        #expect(CanonicalURL.canonical(link) == expected)
    }

    @Test("FeedBurner's origLink (a canonical link) wins over the redirector link")
    func origLinkFirst() {
        let item = Item(
            id: "tag:x", url: "https://feeds.feedburner.example/~r/x/~3/abc/",
            links: [Link(href: "http://www.site.example/post/?utm_source=feedburner", rel: "canonical")])
        #expect(CanonicalURL.of(item) == "site.example/post")
    }

    @Test("words: tags and entities removed, lower-cased, names and numbers kept, a bare & kept")
    func words() {
        let text = TextWords.stripTags(
            "<p>Acme&nbsp;raised $40M from <b>Granite</b> &amp; AT&T.</p><p>The end&#46;</p>")
        let words = TextWords(plain: text, limit: 40)
        #expect(words.words == ["acme", "raised", "40", "m", "from", "granite", "at", "t", "the", "end"])
        // "at" is a stop word even in capitals; "M" glued to 40 is a unit, not a name.
        #expect(words.entities == ["40", "granite", "t"])
    }
}
