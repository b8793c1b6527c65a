import FeedCrypto
import FeedModel
import Testing

@testable import FeedStorage

@Suite("Item identity keys")
struct ItemIdentityTests {
    static let hashOfTitleAndBody = "sha256:" + SHA256.hex("T\u{0}<p>B</p>")

    @Test(
        "guid, else normalized link, else hash of title and content",
        arguments: [
            (Item(id: "  tag:x,2024:1 \n", url: "https://a.example/1"), "tag:x,2024:1"),
            (
                Item(id: "   ", url: "HTTPS://News.EXAMPLE.org/Path/A?Q=1#comments"),
                "https://news.example.org/Path/A?Q=1"
            ),
            (Item(url: "http://User:Pw@HOST.example:8080/x"), "http://User:Pw@host.example:8080/x"),
            (Item(url: "HTTP://Example.COM"), "http://example.com"),
            (Item(url: " /relative/Path#frag "), "/relative/Path"),
            (Item(url: "urn:ISBN:0451450523"), "urn:ISBN:0451450523"),
            (Item(title: "T", summary: "s", contentHTML: "<p>B</p>", contentText: "text"), hashOfTitleAndBody),
            (Item(title: "T", contentText: "text"), "sha256:" + SHA256.hex("T\u{0}text")),
            (Item(title: "T", summary: "s"), "sha256:" + SHA256.hex("T\u{0}s")),
            (Item(summary: "only a description"), "sha256:" + SHA256.hex("\u{0}only a description")),
            (Item(title: "ab", summary: "c"), "sha256:" + SHA256.hex("ab\u{0}c")),
        ])
    func key(item: Item, expected: String) {
        #expect(ItemIdentity.key(for: item) == expected)
    }

    @Test("the NUL separator keeps title and content apart")
    func separator() {
        #expect(
            ItemIdentity.key(for: Item(title: "ab", summary: "c"))
                != ItemIdentity.key(for: Item(title: "a", summary: "bc")))
    }

    @Test("edits of title or body keep the key of an item with a guid or a link")
    func stableUnderEdits() {
        let original = Item(id: "g", title: "Old", contentHTML: "old")
        let edited = Item(id: "g", title: "New", contentHTML: "new")
        #expect(ItemIdentity.key(for: original) == ItemIdentity.key(for: edited))
        let linked = Item(url: "https://e.example/p", title: "Old")
        #expect(
            ItemIdentity.key(for: linked) == ItemIdentity.key(for: Item(url: "https://E.example/p#top", title: "New")))
    }
}
