import FeedXML
import Testing

@testable import FeedParsing

/// HTML taken out of RSS's plain-text elements; the whole elements are pinned by the `rss-markup-in-plain-text`
/// golden pair.
@Suite struct PlainTextTests {
    @Test(arguments: [
        ("<p>Jane</p>", "Jane"),
        ("<P CLASS=\"x\">Jane</P>", "Jane"),
        ("Jane<br/>Doe", "JaneDoe"),
        ("<b>R&amp;D</b> &eacute;t&#233; &#xE9;", "R&D été é"),
        ("<i>AT&T &bogus; &amp</i>", "AT&T &bogus; &amp"),
        ("<!-- note -->Jane", "Jane"),
    ])
    func tagsAreTakenOut(_ text: String, _ expected: String) {
        #expect(PlainText.strippingTags(text) == expected)
    }

    /// Only the tags of HTML elements are markup: addresses, comparisons and unknown names stay, and so do the
    /// character references of a text that had no tag.
    @Test(arguments: [
        "Example editor <me@example.com>", "a < b", "tag:example.org,2024:<plain>", "<p", "<p unterminated",
        "R&amp;D", "<!-- open", "<>", "</>",
    ])
    func textWithoutTagsIsKept(_ text: String) {
        #expect(PlainText.strippingTags(text) == text)
    }
}
