import FeedTesting
import Foundation
import Testing

/// `feedd status` as a table, read by a person: a gone, a moved and a backing-off feed beside a healthy one. Real
/// binary, real loopback server, real store.
@Suite struct StatusTableTests {
    @Test func goneMovedAndBackingOffFeedsReadClearly() throws {
        let news = try Data(contentsOf: CLIWorkspace.fixtures.appendingPathComponent("news.rss"))
        let server = try LoopbackServer { request in
            switch request.path {
            case "/gone.rss": TestResponse(status: 410)
            case "/old.rss": TestResponse(status: 301, headers: [("Location", "/new.rss")])
            case "/fail.rss": TestResponse(status: 503)
            default: TestResponse(status: 200, headers: [("Content-Type", "application/rss+xml")], body: news)
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder("table")
        defer { folder.remove() }
        let urls = ["/ok.rss", "/gone.rss", "/old.rss", "/fail.rss"].map { server.url($0) }
        let config = try FeeddConfig.write(in: folder.url, feeds: urls)
        // Three polls: the third permanent redirect moves the feed; the failing one is three failures in a row.
        for _ in 1...3 { _ = try FeeddProcess.run(["fetch", "--config", config]) }

        let table = try FeeddProcess.run(["status", "--config", config]).stdout
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("FEED") == true && lines.count == 5, "\(table)")
        func row(_ url: String) throws -> String { try #require(lines.first { $0.hasPrefix(url + " ") }, "\(table)") }
        let ok = try row(urls[0])
        #expect(ok.contains("unchanged (200)") && ok.contains("(adaptive)"), "\(ok)")
        let gone = try row(urls[1])
        #expect(gone.contains("failed (410)") && gone.contains("never (gone") && gone.contains("410 Gone"), "\(gone)")
        let moved = try row(urls[2])
        #expect(moved.hasPrefix("\(urls[2]) → \(server.url("/new.rss"))"), "\(moved)")
        #expect(!moved.contains("not_modified"), "\(moved)")
        let failing = try row(urls[3])
        #expect(failing.contains("failed (503) ×3") && failing.contains("(backoff)") && failing.contains("503"))
        // Every row has its columns where the header puts them: the ITEMS column starts at one character offset.
        let header = Array(try #require(lines.first))
        let column = try #require((0..<header.count).first { String(header[$0...].prefix(5)) == "ITEMS" })
        for line in lines.dropFirst().map(Array.init) {
            #expect(line.count > column && line[column].isNumber, "misaligned: \(String(line))")
        }
    }
}
