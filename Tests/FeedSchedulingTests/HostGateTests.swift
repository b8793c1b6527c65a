import Testing

@testable import FeedScheduling

/// The host a feed's request counts against: libcurl's per-host key, name and port, so that the slots shared
/// across workers match what each worker's fetcher limits on its own.
struct HostGateTests {
    @Test(
        "a URL's host is its lower-cased name and its port, the scheme's default when none is written",
        arguments: [
            ("https://Example.org/feed.xml", "example.org:443"),
            ("http://example.org/feed.xml", "example.org:80"),
            ("http://example.org:8080/a?b=c", "example.org:8080"),
            ("HTTPS://example.org:443/", "example.org:443"),
            ("http://127.0.0.1:41234/f1.rss", "127.0.0.1:41234"),
        ])
    func host(_ url: String, _ expected: String) {
        #expect(HostGate.host(of: url) == expected)
    }

    @Test("two feeds of one site share a host; the same name on another port is another host")
    func sharing() {
        #expect(HostGate.host(of: "https://blog.example/a.xml") == HostGate.host(of: "https://blog.example/b/c.xml"))
        #expect(HostGate.host(of: "http://blog.example/a.xml") != HostGate.host(of: "https://blog.example/a.xml"))
    }
}
