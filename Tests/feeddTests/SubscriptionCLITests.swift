import FeedTesting
import Foundation
import Testing

/// OPML import/export and `feeds …` through the real binary, editing a real configuration file.
@Suite(.serialized) struct SubscriptionCLITests {
    static let opmlFixtures = CLIWorkspace.fixtures("opml")

    let temporary: TemporaryFolder
    var folder: URL { temporary.url }

    init() throws { temporary = try TemporaryFolder("subs") }

    /// A configuration file with comments around its feeds list; returns its path.
    func config(_ body: String = Self.commented, name: String = "feedd.yaml") throws -> String {
        let file = folder.appendingPathComponent(name)
        try ("database: \(folder.path)/feedd.sqlite\n" + body).write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static let commented = """
        # My feeds.
        defaults:
          interval: 1h   # polite
        feeds:
          # The lab first.
          - url: https://lab.example.org/feed.xml
            title: Lab   # mine
          - https://bare.example.org/rss
        # trailing comment
        """ + "\n"

    func feedd(_ arguments: [String], config: String) throws -> FeeddProcess.Output {
        let output = try FeeddProcess.run(arguments + ["--config", config])
        #expect(output.status == 0, "feedd \(arguments.joined(separator: " ")): \(output.stderr)")
        return output
    }

    func listed(_ config: String) throws -> [[String: Any]] {
        let output = try feedd(["feeds", "list", "--json"], config: config)
        return try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
    }

    @Test(
        "importing each tool's export adds its feeds with titles and folders as tags, and a re-import adds none",
        arguments: ["miniflux.opml", "newsboat.opml", "freshrss.opml", "feedly.opml"])
    func importForeign(file: String) throws {
        let config = try config("feeds:\n")
        let path = Self.opmlFixtures.appendingPathComponent(file).path
        #expect(try feedd(["import", path], config: config).stdout == "imported 3 feeds (0 already configured)\n")
        #expect(try feedd(["import", path], config: config).stdout == "imported 0 feeds (3 already configured)\n")
        let feeds = try listed(config)
        #expect(feeds.compactMap { $0["title"] as? String } == ["Lab Notes", "Papers & Preprints", "Releases"])
        if file != "newsboat.opml" { #expect(feeds[1]["tags"] as? [String] == ["Research"]) }
    }

    @Test("export → import into an empty configuration → export gives the same bytes")
    func roundTrip() throws {
        let first = try config()
        _ = try feedd(["import", Self.opmlFixtures.appendingPathComponent("feedly.opml").path], config: first)
        let exported = try feedd(["export"], config: first).stdout
        let opml = folder.appendingPathComponent("out.opml")
        _ = try feedd(["export", "--output", opml.path], config: first)
        #expect(try String(contentsOf: opml, encoding: .utf8) == exported)

        let other = folder.appendingPathComponent("other.yaml")
        try "database: \(folder.path)/other.sqlite\n".write(to: other, atomically: true, encoding: .utf8)
        #expect(try feedd(["import", opml.path], config: other.path).stdout.hasPrefix("imported 4 feeds"))
        #expect(try feedd(["export"], config: other.path).stdout == exported)
        #expect(exported.contains("title=\"Lab\" xmlUrl=\"https://lab.example.org/feed.xml\""))
        #expect(exported.contains("category=\"Favourites\""))
    }

    @Test("add, disable, enable and remove keep every comment and the order of the file")
    func editsPreserveTheFile() throws {
        let config = try config()
        _ = try feedd(
            [
                "feeds", "add", "--no-discover", "https://new.example.org/atom", "--title", "New: \"quoted\"",
                "--tag", "a", "--tag", "b c",
            ], config: config)
        _ = try feedd(["feeds", "disable", "https://bare.example.org/rss"], config: config)
        _ = try feedd(["feeds", "disable", "https://lab.example.org/feed.xml"], config: config)
        var text = try String(contentsOfFile: config, encoding: .utf8)
        #expect(
            text == """
                database: \(folder.path)/feedd.sqlite
                # My feeds.
                defaults:
                  interval: 1h   # polite
                feeds:
                  # The lab first.
                  - url: https://lab.example.org/feed.xml
                    title: Lab   # mine
                    enabled: false
                  - url: https://bare.example.org/rss
                    enabled: false
                  - url: https://new.example.org/atom
                    title: "New: \\"quoted\\""
                    tags: ["a", "b c"]
                # trailing comment

                """)
        let feeds = try listed(config)
        #expect(feeds.map { $0["enabled"] as? Bool } == [true, false, false])
        #expect(feeds[0]["title"] as? String == "New: \"quoted\"")
        #expect(feeds[0]["tags"] as? [String] == ["a", "b c"])

        _ = try feedd(["feeds", "enable", "https://lab.example.org/feed.xml"], config: config)
        _ = try feedd(["feeds", "remove", "https://bare.example.org/rss"], config: config)
        text = try String(contentsOfFile: config, encoding: .utf8)
        #expect(
            text.contains(
                "  # The lab first.\n  - url: https://lab.example.org/feed.xml\n    title: Lab   # mine\n  - url: https://new"
            ))
        #expect(!text.contains("bare.example.org"))
        #expect(try listed(config).map { $0["enabled"] as? Bool } == [true, true])
    }

    @Test("mistakes are refused with a sentence and leave the file as it was")
    func refusals() throws {
        let config = try config()
        let before = try String(contentsOfFile: config, encoding: .utf8)
        let cases: [([String], String)] = [
            (["feeds", "add", "--no-discover", "https://lab.example.org/feed.xml"], "already configured"),
            (["feeds", "remove", "https://nowhere.example/"], "is not in the feeds list"),
            (["feeds", "add", "--no-discover", "ftp://x.example/"], "not an http or https URL"),
        ]
        for (arguments, message) in cases {
            let output = try FeeddProcess.run(arguments + ["--config", config])
            #expect(output.status != 0)
            #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
        }
        let flow = try self.config("feeds: [https://a.example/rss]\n", name: "flow.yaml")
        let refused = try FeeddProcess.run(["feeds", "remove", "https://a.example/rss", "--config", flow])
        #expect(refused.stderr.contains("not a block list"))
        #expect(try String(contentsOfFile: config, encoding: .utf8) == before)
    }

    @Test("feeds of the configuration's opml file are listed and polled, and feedd refuses to edit them")
    func opmlFileInTheConfiguration() throws {
        let opml = Self.opmlFixtures.appendingPathComponent("miniflux.opml").path
        let config = try config("opml: \(opml)\nfeeds:\n  - url: https://mine.example.org/rss\n")
        let feeds = try listed(config)
        #expect(feeds.map { $0["source"] as? String } == ["config", "opml", "opml", "opml"])
        let refused = try FeeddProcess.run(["feeds", "disable", "https://lab.example.org/feed.xml", "--config", config])
        #expect(refused.status != 0 && refused.stderr.contains("comes from the OPML file"))
    }

    @Test("adding a web page's URL adds the feed the page advertises")
    func addResolvesAPage() throws {
        let page = """
            <html><head><link rel="alternate" type="application/atom+xml" href="/feed.atom"></head></html>
            """
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Site</title><id>urn:x</id></feed>
            """
        let site = try LoopbackServer { request in
            request.path == "/"
                ? TestResponse(headers: [("Content-Type", "text/html")], body: Data(page.utf8))
                : TestResponse(headers: [("Content-Type", "application/atom+xml")], body: Data(atom.utf8))
        }
        defer { site.stop() }
        let config = try config("feeds:\n")
        let added = try feedd(["feeds", "add", site.url("/")], config: config)
        #expect(added.stdout == "added \(site.url("/feed.atom")) (the feed of \(site.url("/")))\n")
        #expect(try listed(config).compactMap { $0["url"] as? String } == [site.url("/feed.atom")])
    }

    @Test("a disabled feed is not polled by fetch, unless named")
    func disabledFeedsAreNotPolled() throws {
        let fixtures = Self.opmlFixtures.deletingLastPathComponent().appendingPathComponent("cli")
        let server = try LoopbackServer(handler: LoopbackServer.staticFiles(directory: fixtures))
        defer { server.stop() }
        let config = try config(
            "feeds:\n  - url: \(server.url("/news.rss"))\n  - url: \(server.url("/papers.atom"))\n")
        _ = try feedd(["feeds", "disable", server.url("/papers.atom")], config: config)
        #expect(try feedd(["fetch"], config: config).stdout.hasPrefix("1 feeds: 1 updated"))
        #expect(server.requests.map(\.path) == ["/news.rss"])
        #expect(
            try feedd(["fetch", server.url("/papers.atom")], config: config).stdout.hasPrefix("1 feeds: 1 updated"))
    }
}
