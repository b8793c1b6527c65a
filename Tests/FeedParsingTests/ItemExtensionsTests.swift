import FeedModel
import Foundation
import Testing

@testable import FeedParsing

/// Slash, Well-Formed Web, `itunes:duration` and Media RSS in items and entries, and the date strings kept beside
/// their instants (the RSS side is pinned by the `rss-extensions` golden pair).
@Suite struct ItemExtensionsTests {
    @Test(arguments: [
        ("45", 45), ("1:30", 90), ("01:02:03", 3723), ("1:02:03.5", 3723), (" 90.5 ", 90), ("0", 0),
    ])
    func durationsAreRead(_ text: String, _ seconds: Int) {
        #expect(ItemExtensions.seconds(text) == seconds)
    }

    @Test(arguments: ["", "a:b", "1:2:3:4", "-5", "1::2", "inf", "nan", "1:-1"])
    func otherDurationsAreNot(_ text: String) {
        #expect(ItemExtensions.seconds(text) == nil)
    }

    @Test func atomEntriesReadTheSameExtensions() throws {
        let document = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:slash="http://purl.org/rss/1.0/modules/slash/" \
            xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:media="http://search.yahoo.com/mrss/" \
            xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xml:base="http://example.org/blog/">
            <title>t</title><updated>2026-11-29T06:00:00+01:00</updated>
            <entry><id>urn:1</id><title>one</title><updated>yesterday</updated>
            <published>2026-11-28T06:00:00Z</published><slash:comments>3</slash:comments>
            <wfw:commentRss>c/1.xml</wfw:commentRss><itunes:duration>2:00</itunes:duration>
            <link rel="enclosure" href="a.mp3" type="audio/mpeg"/>
            <media:group><media:thumbnail url="t.jpg"/><media:content url="v.mp4" type="video/mp4" duration="7"/>
            </media:group></entry></feed>
            """
        let feed = try FeedParser().parse(Data(document.utf8))
        #expect(feed.dateModifiedRaw == "2026-11-29T06:00:00+01:00")
        let entry = try #require(feed.items.first)
        #expect(entry.commentsCount == 3)
        #expect(entry.commentsFeedURL == "http://example.org/blog/c/1.xml")
        #expect(entry.image == "http://example.org/blog/t.jpg")
        #expect(entry.dateModified == nil)
        #expect(entry.dateModifiedRaw == "yesterday")
        #expect(entry.datePublishedRaw == "2026-11-28T06:00:00Z")
        #expect(
            entry.attachments.map { [$0.url, $0.durationInSeconds.map(String.init) ?? "-"] } == [
                ["http://example.org/blog/a.mp3", "120"], ["http://example.org/blog/v.mp4", "7"],
            ])
    }

    /// A date that reads replaces an unreadable one and its string; an unreadable one never replaces a date.
    @Test func rawDateStringsFollowTheInstant() {
        var date: Date?
        var raw: String?
        FeedDate.read("garbage", into: &date, raw: &raw)
        #expect(date == nil && raw == "garbage")
        FeedDate.read(" 2026-11-29T06:00:00Z ", into: &date, raw: &raw)
        #expect(date != nil && raw == "2026-11-29T06:00:00Z")
        FeedDate.read("more garbage", into: &date, raw: &raw)
        #expect(raw == "2026-11-29T06:00:00Z")
        FeedDate.readIfUnset("2020-01-01T00:00:00Z", into: &date, raw: &raw)
        #expect(raw == "2026-11-29T06:00:00Z")
    }
}
