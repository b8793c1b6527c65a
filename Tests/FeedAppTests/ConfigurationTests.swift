import FeedApp
import FeedModel
import FeedStorage
import Testing

@Suite struct ConfigurationTests {
    let env = ["HOME": "/home/u"]

    @Test func readsEveryKey() throws {
        let config = try Configuration.parse(
            yaml: """
                database: ~/feeds.sqlite
                defaults:
                  interval: 1h30m
                  concurrency: 8
                  timeout: 20s
                  user_agent: test/1
                feeds:
                  - url: https://example.org/feed.xml
                    title: Example
                    interval: 2d
                    tags: [a, b]
                  - http://example.com/rss
                """, environment: env)
        #expect(config.database == "/home/u/feeds.sqlite")
        #expect(config.defaults.interval == .seconds(5400))
        #expect(config.defaults.concurrency == 8)
        #expect(config.defaults.timeout == .seconds(20))
        #expect(config.defaults.userAgent == "test/1")
        #expect(
            config.feeds == [
                FeedSubscription(
                    url: "https://example.org/feed.xml", title: "Example", interval: .seconds(172_800),
                    tags: ["a", "b"]),
                FeedSubscription(url: "http://example.com/rss"),
            ])
        #expect(config.interval(of: config.feeds[1]) == .seconds(5400))
    }

    @Test func retentionDefaultsAndOverrides() throws {
        let config = try Configuration.parse(
            yaml: """
                defaults:
                  max_items: 500
                  max_age: 30d
                feeds:
                  - url: https://a.example/f
                  - url: https://b.example/f
                    max_items: 0
                    max_age: never
                """, environment: env)
        #expect(config.retention(of: config.feeds[0]) == Retention(maxItems: 500, maxAge: .seconds(2_592_000)))
        #expect(config.retention(of: config.feeds[1]) == Retention())
        let plain = try Configuration.parse(yaml: "feeds: [https://a.example/f]", environment: env)
        #expect(plain.retention(of: plain.feeds[0]) == Retention(maxItems: 2000, maxAge: .seconds(180 * 86_400)))
    }

    @Test func storyWindowDefaultsToSevenDays() throws {
        #expect(try Configuration.parse(yaml: "", environment: env).defaults.storyWindow == .seconds(7 * 86_400))
        let config = try Configuration.parse(yaml: "defaults:\n  story_window: 36h", environment: env)
        #expect(config.defaults.storyWindow == .seconds(36 * 3600))
        #expect(throws: FeedAppError.self) {
            try Configuration.parse(yaml: "defaults:\n  story_window: soon", environment: env)
        }
    }

    @Test func defaultsWhenEmpty() throws {
        let config = try Configuration.parse(yaml: "", environment: env)
        #expect(config.database == "/home/u/.local/state/feedd/feedd.sqlite")
        #expect(config.defaults.interval == nil, "no interval: feedd learns each feed's")
        #expect(config.defaults.polling == Configuration.Polling())
        #expect(config.defaults.polling.startupSpread == .seconds(120))
        #expect(config.defaults.concurrency == 16)
        #expect(config.defaults.userAgent.hasPrefix("feedd/"))
        let xdg = try Configuration.parse(yaml: "feeds: []", environment: ["HOME": "/h", "XDG_STATE_HOME": "/s"])
        #expect(xdg.database == "/s/feedd/feedd.sqlite")
    }

    @Test func pollingBoundsAreReadFromDefaults() throws {
        let config = try Configuration.parse(
            yaml: """
                defaults:
                  min_interval: 10m
                  max_interval: 12h
                  startup_spread: 30s
                  retry_after_cap: 6h
                  lease: 45s
                """, environment: env)
        let polling = config.defaults.polling
        #expect(polling.lease == .seconds(45))
        #expect(Configuration.Polling().lease == .seconds(30))
        #expect(polling.minInterval == .seconds(600))
        #expect(polling.maxInterval == .seconds(43_200))
        #expect(polling.startupSpread == .seconds(30))
        #expect(polling.retryAfterCap == .seconds(21_600))
        #expect(polling.policy.minInterval == .seconds(600))
        #expect(polling.policy.retryAfterCap == .seconds(21_600))
        #expect(throws: FeedAppError.self) {
            try Configuration.parse(yaml: "defaults:\n  min_interval: 2d\n  max_interval: 1d", environment: env)
        }
        // Renewed every third of it, a lease under a second would keep the database busy renewing.
        let short = #expect(throws: FeedAppError.self) {
            try Configuration.parse(yaml: "defaults:\n  lease: 500ms", environment: env)
        }
        #expect(short?.description.contains("defaults.lease") == true, "\(String(describing: short))")
    }

    /// Keys are found by their text, whatever the quoting; values that look like numbers or booleans stay text.
    @Test func quotedKeysAndTypedLookingValues() throws {
        let config = try Configuration.parse(
            yaml: """
                "defaults": {'concurrency': "4", user_agent: 1.0}
                'feeds':
                  - url: https://a.org/f
                    "title": true
                    enabled: yes
                """, environment: env)
        #expect(config.defaults.concurrency == 4 && config.defaults.userAgent == "1.0")
        #expect(config.feeds == [FeedSubscription(url: "https://a.org/f", title: "true")])
    }

    @Test(
        "a postgresql:// database is kept as written (not a path), a wrong one is refused naming the setting",
        arguments: ["postgresql://feedd:$PGPW@127.0.0.1:5433/feeds?sslmode=disable", "postgres://feedd@db/feeds"])
    func postgresDatabase(_ url: String) throws {
        let config = try Configuration.parse(
            yaml: "database: \"\(url)\"", relativeTo: "/etc/feedd", environment: ["HOME": "/home/u", "PGPW": "x"])
        #expect(config.database == url)
        #expect(config.usesPostgres)
    }

    @Test(arguments: [
        ("postgresql://feedd@127.0.0.1:99999/feeds", "the port 99999"),
        ("postgresql://feedd:$NOT_SET@127.0.0.1/feeds", "NOT_SET is not set"),
        ("postgresql://127.0.0.1/feeds", "names no user"),
    ])
    func wrongPostgresDatabase(_ url: String, _ message: String) {
        let error = #expect(throws: FeedAppError.self) {
            try Configuration.parse(yaml: "database: \"\(url)\"", source: "f.yaml", environment: ["HOME": "/h"])
        }
        #expect(error?.description.hasPrefix("f.yaml:1: database: ") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func relativeDatabaseIsTakenFromTheConfigFolder() throws {
        let config = try Configuration.parse(
            yaml: "database: state/f.sqlite", relativeTo: "/etc/feedd", environment: env)
        #expect(config.database == "/etc/feedd/state/f.sqlite")
    }

    /// Each error must name what to fix: the key, and the feed where there is one.
    @Test(arguments: [
        ("databse: x", ["unknown key 'databse'"]),
        ("defaults:\n  intervall: 1h", ["defaults", "unknown key 'intervall'"]),
        ("defaults:\n  interval: 30", ["defaults.interval", "'30' is not a duration"]),
        ("defaults:\n  concurrency: 0", ["defaults.concurrency"]),
        ("feeds:\n  - url: ftp://example.org/f", ["feeds[0]", "ftp://example.org/f", "not an http or https URL"]),
        ("feeds:\n  - url: https://a.org/f\n    interval: soon", ["feeds[0] (https://a.org/f).interval", "'soon'"]),
        ("feeds:\n  - url: https://a.org/f\n    colour: red", ["feeds[0] (https://a.org/f)", "unknown key 'colour'"]),
        ("feeds:\n  - title: x", ["feeds[0]", "needs a 'url'"]),
        ("feeds:\n  - https://a.org/f\n  - https://a.org/f", ["feeds[1]", "listed twice"]),
        ("feeds:\n  - https://a.org/f\n  - ' https://a.org/f '", ["my.yaml:3:", "feeds[1]", "listed twice"]),
        ("defaults: {}\nfeeds:\n  - https://a.org/f\n  - url: x", ["my.yaml:4:", "feeds[1].url", "'x'"]),
        ("feeds: []\nfeeds: []", ["not valid YAML"]),
        ("feeds: [", ["not valid YAML"]),
    ])
    func errorsNameTheKeyAndFeed(yaml: String, fragments: [String]) {
        expectConfigurationError(yaml, naming: fragments, environment: env)
    }

    @Test(arguments: [
        ("90s", 90), ("30m", 1800), ("1h30m", 5400), ("2d", 172_800), ("1w", 604_800), (" 5m ", 300),
    ])
    func durations(text: String, seconds: Int64) {
        #expect(DurationText.parse(text) == .seconds(seconds))
        #expect(DurationText.parse(DurationText.format(.seconds(seconds))) == .seconds(seconds))
    }

    @Test(arguments: ["", "30", "m", "5x", "10ms", "0s", "-5m", "1h 30m"])
    func notDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func exampleConfigurationLoads() throws {
        let path = #filePath.replacingOccurrences(
            of: "Tests/FeedAppTests/ConfigurationTests.swift", with: "Config/feedd.yaml")
        let config = try Configuration.load(path: path, environment: env)
        #expect(config.feeds.count >= 5)
        #expect(config.feeds.allSatisfy { $0.url.hasPrefix("https://") })
    }
}
