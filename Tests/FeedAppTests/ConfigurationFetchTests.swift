import FeedApp
import FeedModel
import FeedStorage
import Testing

@Suite("Configuration: request options (user agent, headers, insecure, proxy, min_host_gap)")
struct ConfigurationFetchTests {
    let env = ["HOME": "/home/u"]

    @Test("global proxy and min_host_gap, each feed's user_agent, headers, insecure and proxy")
    func readsRequestOptions() throws {
        let config = try Configuration.parse(
            yaml: """
                defaults:
                  user_agent: "reader/2 (+https://example.net)"
                  proxy: http://proxy.example:3128
                  min_host_gap: 2s
                feeds:
                  - url: https://a.example/feed
                    user_agent: special/1
                    headers:
                      Authorization: Bearer abc
                      X-Api-Key: "k1"
                    insecure: true
                    proxy: socks5h://127.0.0.1:1080
                  - url: https://b.example/feed
                    proxy: none
                    insecure: no
                  - https://c.example/feed
                """, environment: env)

        #expect(config.defaults.userAgent == "reader/2 (+https://example.net)")
        #expect(config.defaults.proxy == "http://proxy.example:3128")
        #expect(config.defaults.minHostGap == .seconds(2))
        #expect(
            config.feeds == [
                FeedSubscription(
                    url: "https://a.example/feed", userAgent: "special/1",
                    headers: ["Authorization": "Bearer abc", "X-Api-Key": "k1"], insecure: true,
                    proxy: "socks5h://127.0.0.1:1080"),
                FeedSubscription(url: "https://b.example/feed", insecure: false, proxy: ""),
                FeedSubscription(url: "https://c.example/feed"),
            ])
    }

    @Test("defaults: the feedd User-Agent, the environment's proxy, no gap")
    func defaults() throws {
        let config = try Configuration.parse(yaml: "feeds: [https://a.example/feed]", environment: env)

        #expect(config.defaults.userAgent == Configuration.defaultUserAgent)
        #expect(config.defaults.userAgent == "feedd/\(Configuration.version) (+https://github.com/feedd/feedd)")
        #expect(config.defaults.proxy == nil)
        #expect(config.defaults.minHostGap == .zero)
        #expect(config.feeds[0].userAgent == nil)
        #expect(config.feeds[0].headers.isEmpty)
        #expect(!config.feeds[0].insecure)
        #expect(config.feeds[0].proxy == nil)
        let off = try Configuration.parse(yaml: "defaults:\n  min_host_gap: 0", environment: env)
        #expect(off.defaults.minHostGap == .zero)
    }

    @Test(
        "bad request options are errors naming the key and the feed",
        arguments: [
            ("defaults:\n  proxy: proxy.example:3128", ["defaults.proxy", "not a proxy URL"]),
            ("defaults:\n  min_host_gap: 2", ["defaults.min_host_gap", "'2' is not a duration"]),
            (
                "feeds:\n  - url: https://a.org/f\n    insecure: maybe",
                ["feeds[0] (https://a.org/f).insecure", "maybe"]
            ),
            ("feeds:\n  - url: https://a.org/f\n    headers: [a]", ["feeds[0] (https://a.org/f).headers", "mapping"]),
            (
                "feeds:\n  - url: https://a.org/f\n    headers:\n      'Bad Name': x",
                ["'Bad Name' is not a header name"]
            ),
            ("feeds:\n  - url: https://a.org/f\n    headers:\n      X-A: \"a\\r\\nX-B: b\"", ["X-A", "line break"]),
            ("feeds:\n  - url: https://a.org/f\n    proxy: ftp://p.example", ["feeds[0] (https://a.org/f).proxy"]),
        ])
    func errors(yaml: String, fragments: [String]) {
        expectConfigurationError(yaml, naming: fragments, environment: env)
    }
}
