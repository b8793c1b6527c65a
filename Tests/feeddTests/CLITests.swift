import FeedModel
import FeedTesting
import Foundation
import Testing

/// The real binary against a real loopback server and a real store in a temporary folder.
@Suite(.serialized) struct CLITests {
    static let fixtures = CLIWorkspace.fixtures
    static let fixtureFeeds = ["news.rss": 3, "papers.atom": 2, "releases.rdf": 2]

    let workspace: CLIWorkspace
    var folder: URL { workspace.folder }
    var server: LoopbackServer { workspace.server }

    init() throws { workspace = try CLIWorkspace("cli") }

    /// Writes a configuration listing `paths` on the loopback server and returns its path.
    func config(_ paths: [String]) throws -> String {
        try workspace.writeConfig("defaults:\n  timeout: 10s\n", feeds: paths)
    }

    func dump(_ config: String, _ extra: [String]) throws -> [[String: Any]] {
        let output = try FeeddProcess.run(["dump", "--config", config] + extra)
        #expect(output.status == 0, "dump failed: \(output.stderr)")
        if extra.contains("--lines") {
            return try output.stdout.split(separator: "\n").map {
                try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
        return try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
    }

    @Test func fetchThenConditionalRefetchThenDumpExactlyOncePerConsumer() throws {
        defer { workspace.close() }
        let config = try config(Self.fixtureFeeds.keys.sorted())
        let total = Self.fixtureFeeds.values.reduce(0, +)

        let first = try FeeddProcess.run(["fetch", "--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("3 feeds: 3 updated, 0 not modified, 0 failed; \(total) new items"))

        let requestsBefore = server.requests.count
        let second = try FeeddProcess.run(["fetch", "--config", config])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("3 feeds: 0 updated, 3 not modified, 0 failed; 0 new items"))
        let refetches = server.requests.dropFirst(requestsBefore)
        #expect(refetches.count == 3)
        #expect(refetches.allSatisfy { $0.headers["if-none-match"] != nil }, "every refetch is conditional")
        let status = try FeeddProcess.run(["status", "--json", "--config", config])
        let rows = try #require(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["http_status"] as? Int == 304 }, "every refetch was answered 304")
        #expect(rows.map { $0["items"] as? Int ?? -1 }.reduce(0, +) == total)

        let items = try dump(config, ["--consumer", "a"])
        #expect(items.count == total)
        let seqs = items.compactMap { $0["seq"] as? Int }
        #expect(seqs == seqs.sorted() && Set(seqs).count == total, "each item once, in delivery order")
        #expect(Set(items.compactMap { $0["id"] as? String }).count == total)
        #expect(items.allSatisfy { ($0["feed_url"] as? String)?.hasPrefix(server.baseURL) == true })
        // Oldest first within a feed: the fixtures list newest first.
        let news = items.filter { ($0["feed_url"] as? String)?.hasSuffix("news.rss") == true }
        #expect(news.compactMap { $0["id"] as? String } == ["news-1", "news-2", "news-3"])

        #expect(try dump(config, ["--consumer", "a"]).isEmpty, "a consumer never gets an item twice")
        #expect(try dump(config, ["--consumer", "b", "--lines"]).count == total, "consumers are independent")

        #expect(try dump(config, ["--consumer", "c", "--peek"]).count == total)
        #expect(try dump(config, ["--consumer", "c", "--peek", "--lines"]).count == total, "--peek moves nothing")
        #expect(try dump(config, ["--consumer", "c", "--limit", "4"]).count == 4)
        #expect(try dump(config, ["--consumer", "c"]).count == total - 4, "--limit moves the cursor only so far")
        #expect(try dump(config, ["--consumer", "c"]).isEmpty)
    }

    @Test func aFailedWriteLeavesTheCursorWhereItWas() throws {
        defer { workspace.close() }
        let config = try config(["news.rss"])
        #expect(try FeeddProcess.run(["fetch", "--config", config]).status == 0)
        let broken = try FeeddProcess.run(["dump", "--config", config, "--consumer", "pipe"], closeStdout: true)
        #expect(broken.status != 0, "writing into a closed pipe is an error")
        #expect(broken.stderr.contains("cannot write"))
        #expect(try dump(config, ["--consumer", "pipe"]).count == 3, "nothing was lost")
    }

    @Test func oneBrokenFeedFailsTheRunButNotTheOthers() throws {
        defer { workspace.close() }
        let config = try config(["news.rss", "missing.xml", "papers.atom"])
        let output = try FeeddProcess.run(["fetch", "--config", config])
        #expect(output.status == 1)
        #expect(output.stderr.contains(server.url("/missing.xml")))
        #expect(output.stderr.contains("404"))
        #expect(output.stdout.contains("3 feeds: 2 updated, 0 not modified, 1 failed; 5 new items"))
        #expect(try dump(config, []).count == 5)
    }

    @Test func fetchOnlyTheNamedFeed() throws {
        defer { workspace.close() }
        let config = try config(["news.rss", "papers.atom"])
        let output = try FeeddProcess.run(["fetch", "--config", config, server.url("/papers.atom")])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("1 feeds: 1 updated"))
        #expect(server.requests.map(\.path) == ["/papers.atom"])
        let unknown = try FeeddProcess.run(["fetch", "--config", config, "https://elsewhere.example/feed"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("not in the configuration"))
    }

    @Test func configFromTheEnvironmentAndDatabaseOverride() throws {
        defer { workspace.close() }
        let config = try config(["releases.rdf"])
        let other = folder.appendingPathComponent("other.sqlite").path
        let output = try FeeddProcess.run(["fetch", "--database", other], environment: ["FEEDD_CONFIG": config])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("feedd.sqlite").path))
    }

    @Test func badConfigurationIsAClearError() throws {
        defer { workspace.close() }
        let file = folder.appendingPathComponent("bad.yaml")
        try "feeds:\n  - url: https://a.example/f\n    intervall: 1h\n".write(
            to: file, atomically: true, encoding: .utf8)
        let output = try FeeddProcess.run(["fetch", "--config", file.path])
        #expect(output.status != 0)
        #expect(output.stderr.contains("unknown key 'intervall'"))
        #expect(output.stderr.contains("https://a.example/f"))
    }

    @Test func parsePrintsFeedJSON() throws {
        defer { workspace.close() }
        let one = try FeeddProcess.run(["parse", Self.fixtures.appendingPathComponent("papers.atom").path])
        #expect(one.status == 0, "\(one.stderr)")
        let feed = try JSONDecoder().decode(Feed.self, from: Data(one.stdout.utf8))
        #expect(feed.format == .atom10)
        #expect(feed.items.map(\.title) == ["Attention, again", "Attention"])
        let many = try FeeddProcess.run(
            ["parse"] + Self.fixtureFeeds.keys.sorted().map { Self.fixtures.appendingPathComponent($0).path })
        #expect(many.stdout.split(separator: "\n").count == 3, "several files: JSON Lines")
    }

    @Test func runPollsIsAloneOnItsStoreAndStopsCleanlyOnSIGTERM() async throws {
        defer { workspace.close() }
        let config = try config(Self.fixtureFeeds.keys.sorted())
        let log = folder.appendingPathComponent("run.log")
        let process = try FeeddProcess.start(["run", "--config", config, "--log-level", "info"], stderr: log)
        defer { killIfRunning(process) }
        try await waitUntil("three requests") { server.requests.count >= 3 }
        #expect(server.requests.count == 3, "run polls every feed at once")
        let second = try FeeddProcess.run(["run", "--config", config])
        #expect(second.status != 0, "one feedd run per store")
        #expect(second.stderr.contains("pid \(process.processIdentifier)"), "\(second.stderr)")
        #expect(try FeeddProcess.run(["status", "--config", config]).status == 0, "other commands work beside it")
        // Each poll logs its line once its items are stored: after the third, stop it the way systemd does.
        try await waitUntil("three polls stored") {
            FeeddProcess.logLines(log).filter { $0.contains("msg=poll") && $0.contains("outcome=updated") }.count == 3
        }
        let status = await stop(process, within: .seconds(10))
        #expect(status != nil, "SIGTERM stops feedd run within 10 s")
        #expect(process.terminationStatus == 0)
        #expect(try dump(config, []).count == Self.fixtureFeeds.values.reduce(0, +))
    }

    @Test func sighupAppliesAddedFeedsAndKeepsTheOldConfigWhenTheNewOneIsInvalid() async throws {
        defer { workspace.close() }
        let config = try config(["news.rss"])
        let log = folder.appendingPathComponent("run.log")
        let process = try FeeddProcess.start(["run", "--config", config], stderr: log)
        defer { killIfRunning(process) }
        func waitFor(_ path: String) async throws {
            try await waitUntil("a request for \(path)") { server.requests.contains { $0.path == path } }
        }
        try await waitFor("/news.rss")
        #expect(server.requests.map(\.path) == ["/news.rss"])

        let reloaded = try self.config(["news.rss", "papers.atom"])
        // The added (last) feed's own request headers: a reload replaces each feed's request options too.
        let withHeaders = try String(contentsOfFile: reloaded, encoding: .utf8) + "    headers: {X-Reloaded: \"yes\"}\n"
        try withHeaders.write(toFile: reloaded, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        try await waitFor("/papers.atom")
        #expect(
            server.requests.map(\.path).filter { $0 == "/papers.atom" }.count == 1, "an added feed is polled at once")
        #expect(server.requests.first { $0.path == "/papers.atom" }?.headers["x-reloaded"] == "yes")

        try "feeds: [".write(toFile: config, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        // The daemon says it refused the file; only then is "still running" evidence that it survived the reload.
        try await waitUntil("the reload refused in the log") {
            FeeddProcess.logLines(log).contains { $0.contains("reload refused") }
        }
        #expect(process.isRunning, "an invalid configuration does not stop the daemon")
        let status = await stop(process, within: .seconds(10))
        #expect(status != nil, "SIGTERM stops feedd run within 10 s")
        #expect(process.terminationStatus == 0)
    }

    @Test func dumpViewsJSONFeedAndTwoPhaseAck() throws {
        defer { workspace.close() }
        let config = try config(Self.fixtureFeeds.keys.sorted())
        #expect(try FeeddProcess.run(["fetch", "--config", config]).status == 0)
        let total = Self.fixtureFeeds.values.reduce(0, +)

        // Views never move the cursor.
        let papers = try dump(config, ["--consumer", "v", "--feed", server.url("/papers.atom")])
        #expect(papers.count == 2)
        #expect(try dump(config, ["--consumer", "v", "--since-seq", "5"]).count == total - 5)
        #expect(try dump(config, ["--consumer", "v", "--since", "1h"]).count == total)
        #expect(try dump(config, ["--consumer", "v", "--since", "2999-01-01T00:00:00Z"]).isEmpty)
        #expect(try dump(config, ["--consumer", "v", "--peek"]).count == total, "no view moved the cursor")

        // JSON Feed 1.1: version, title, and per item an id and content_html or content_text.
        let feedOutput = try FeeddProcess.run(["dump", "--config", config, "--consumer", "jf", "--format", "jsonfeed"])
        #expect(feedOutput.status == 0, "\(feedOutput.stderr)")
        let document = try #require(
            JSONSerialization.jsonObject(with: Data(feedOutput.stdout.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(document["title"] is String)
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(items.count == total)
        #expect(
            items.allSatisfy { $0["id"] is String && ($0["content_html"] is String || $0["content_text"] is String) })
        #expect(items.allSatisfy { ($0["_feedd"] as? [String: Any])?["seq"] is Int })
        #expect(items.allSatisfy { $0.keys.allSatisfy { key in Self.jsonFeedItemKeys.contains(key) } })
        #expect(try dump(config, ["--consumer", "jf"]).isEmpty, "the JSON Feed dump moved the cursor")

        // Two-phase: peek, handle, ack the last seq handled.
        let peeked = try dump(config, ["--consumer", "two", "--peek", "--limit", "3"])
        let last = try #require(peeked.last?["seq"] as? Int)
        let ack = try FeeddProcess.run(["ack", "--config", config, "--consumer", "two", "--seq", "\(last)"])
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(try dump(config, ["--consumer", "two"]).count == total - 3)
        let backwards = try FeeddProcess.run(["ack", "--config", config, "--consumer", "two", "--seq", "1"])
        #expect(backwards.status == 0 && backwards.stderr.contains("already at seq"))
        let missing = try FeeddProcess.run(["ack", "--config", config, "--consumer", "new", "--seq", "999"])
        #expect(missing.status != 0 && missing.stderr.contains("no item has had seq 999"))
    }

    @Test func anEditedItemReachesOnlyConsumersThatAskForUpdates() throws {
        server.stop()
        let served = folder.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        let original = try String(contentsOf: Self.fixtures.appendingPathComponent("news.rss"), encoding: .utf8)
        try original.write(to: served.appendingPathComponent("news.rss"), atomically: true, encoding: .utf8)
        let editing = try LoopbackServer(handler: LoopbackServer.staticFiles(directory: served))
        defer { editing.stop() }
        let config = folder.appendingPathComponent("edits.yaml").path
        try "database: \(folder.path)/edits.sqlite\nfeeds:\n  - \(editing.url("/news.rss"))\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try FeeddProcess.run(["fetch", "--config", config]).status == 0)
        #expect(try dump(config, ["--consumer", "plain"]).count == 3)
        #expect(try dump(config, ["--consumer", "edits", "--include-updates"]).count == 3)

        try original.replacingOccurrences(
            of: "<title>Second story</title>", with: "<title>Second story, corrected</title>"
        )
        .write(to: served.appendingPathComponent("news.rss"), atomically: true, encoding: .utf8)
        let refetch = try FeeddProcess.run(["fetch", "--config", config])
        #expect(refetch.stdout.contains("0 new items, 1 edited"), "\(refetch.stdout)")

        #expect(try dump(config, ["--consumer", "plain"]).isEmpty, "an edit is not a new item")
        let edits = try dump(config, ["--consumer", "edits", "--include-updates"])
        #expect(edits.count == 1)
        #expect(edits.first?["event"] as? String == "updated")
        #expect(edits.first?["revision"] as? Int == 1)
        #expect(edits.first?["title"] as? String == "Second story, corrected")
        let newcomer = try dump(config, ["--consumer", "newcomer", "--include-updates"])
        #expect(newcomer.count == 3, "a new consumer gets each item once, in its latest revision")
        #expect(newcomer.allSatisfy { $0["event"] as? String == "new" })
        #expect(newcomer.contains { $0["title"] as? String == "Second story, corrected" })
    }

    @Test func discoverFindsTheFeedsAPageOffers() throws {
        server.stop()
        let page = """
            <html><head><title>Blog</title>
            <link rel="alternate" type="application/rss+xml" href="/news.rss">
            <link rel="alternate" type="application/atom+xml" href="papers.atom">
            <link rel="stylesheet" href="/style.css"></head><body>hello</body></html>
            """
        let site = try LoopbackServer { request in
            request.path == "/"
                ? TestResponse(headers: [("Content-Type", "text/html")], body: Data(page.utf8))
                : LoopbackServer.staticFiles(directory: Self.fixtures)(request)
        }
        defer { site.stop() }
        let found = try FeeddProcess.run(["discover", site.url("/")])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout == site.url("/news.rss") + "\n" + site.url("/papers.atom") + "\n")
        let itself = try FeeddProcess.run(["discover", site.url("/news.rss")])
        #expect(itself.stdout == site.url("/news.rss") + "\n")
        let missing = try FeeddProcess.run(["discover", site.url("/nothing")])
        #expect(missing.status != 0 && missing.stderr.contains("404"))
    }

    /// The item members JSON Feed 1.1 defines, plus extensions (which start with an underscore).
    static let jsonFeedItemKeys: Set<String> = [
        "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image", "banner_image",
        "date_published", "date_modified", "authors", "tags", "language", "attachments", "_feedd",
    ]
}
