import FeedTesting
import Foundation
import Testing

/// `kill -9` at random moments of `feedd fetch` over 200 loopback feeds: the store stays consistent, no item is
/// stored twice, and no item a `dump` already printed is ever lost or printed again.
@Suite(.serialized) struct CrashTests {
    static let feeds = 200
    static let itemsPerFeed = 20

    /// Writes `feeds` RSS files of `itemsPerFeed` items each.
    static func makeCorpus(in folder: URL) throws {
        for feed in 0..<feeds {
            var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed \(feed)</title>"
            xml += "<link>http://127.0.0.1/\(feed)</link><description>crash corpus</description>"
            for item in 0..<itemsPerFeed {
                xml += "<item><title>Story \(feed).\(item)</title><guid isPermaLink=\"false\">f\(feed)-i\(item)</guid>"
                xml +=
                    "<description>\(String(repeating: "Body text of story \(item). ", count: 40))</description></item>"
            }
            xml += "</channel></rss>"
            try xml.write(to: folder.appendingPathComponent("f\(feed).xml"), atomically: true, encoding: .utf8)
        }
    }

    func lines(_ output: FeeddProcess.Output) throws -> [String] {
        try output.stdout.split(separator: "\n").map { line in
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return "\(object["feed_url"] as? String ?? "?")|\(object["id"] as? String ?? "?")"
        }
    }

    @Test func killNineNeverCorruptsLosesOrRepeats() async throws {
        let folder = try TemporaryFolder("crash")
        let corpus = folder.file("feeds")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try Self.makeCorpus(in: corpus)
        defer { folder.remove() }
        let server = try LoopbackServer(handler: LoopbackServer.staticFiles(directory: corpus))
        defer { server.stop() }
        let config = try FeeddConfig.write(in: folder.url, feeds: (0..<Self.feeds).map { server.url("/f\($0).xml") })

        var printed: [String] = []
        var interruptedRounds = 0
        var generator = SystemRandomNumberGenerator()
        for round in 0..<50 {
            let process = try FeeddProcess.start(["fetch", "--config", config, "--log-level", "error"])
            // The first rounds kill within 100 ms, before any machine can have stored the 4000 items (so the test
            // always interrupts a fetch); later rounds reach further into it. A blocking sleep: `Task.sleep` can
            // resume seconds late when the rest of the suite keeps the cooperative threads busy, and the fetch
            // would then have finished.
            let latest = round < 10 ? 100 : 500
            usleep(UInt32(Int.random(in: 0...latest, using: &generator) * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let check = try FeeddProcess.run(["check", "--config", config])
            #expect(check.status == 0, "round \(round): \(check.stderr)")
            printed += try lines(try FeeddProcess.run(["dump", "--config", config, "--consumer", "crash", "--lines"]))
            let stored = try lines(
                try FeeddProcess.run(["dump", "--config", config, "--consumer", "all", "--peek", "--lines"]))
            #expect(Set(stored).count == stored.count, "round \(round): an item is stored twice")
            #expect(Set(printed).isSubset(of: Set(stored)), "round \(round): a dumped item was lost")
            if stored.count < Self.feeds * Self.itemsPerFeed { interruptedRounds += 1 }
        }
        #expect(interruptedRounds > 0, "at least one kill landed before the fetch had stored everything")
        #expect(Set(printed).count == printed.count, "a dump printed an item twice across crashes")

        let finish = try FeeddProcess.run(["fetch", "--config", config])
        #expect(finish.status == 0, "\(finish.stderr)")
        printed += try lines(try FeeddProcess.run(["dump", "--config", config, "--consumer", "crash", "--lines"]))
        #expect(printed.count == Self.feeds * Self.itemsPerFeed, "every item delivered")
        #expect(Set(printed).count == printed.count, "and delivered once")
        #expect(try FeeddProcess.run(["check", "--config", config]).stdout == "ok\n")
    }
}
