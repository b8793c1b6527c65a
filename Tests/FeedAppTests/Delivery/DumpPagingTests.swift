import FeedModel
import FeedStorage
import FeedTesting
import Foundation
import Logging
import Testing

@testable import FeedApp

/// Dumps longer than one page (Application.dumpPageSize items): the next page is read while one is written, so
/// the page boundaries and limits that fall on them are where an item could be lost or printed twice.
@Suite("Dump across pages") struct DumpPagingTests {
    /// Collects what a dump writes.
    final class MemorySink: ByteSink {
        var bytes: [UInt8] = []
        func write(_ bytes: [UInt8]) throws { self.bytes += bytes }
        func flush() throws {}
    }

    /// The seqs of a JSON Lines dump, in order.
    static func seqs(_ sink: MemorySink) throws -> [Int64] {
        try String(decoding: sink.bytes, as: UTF8.self).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["seq"] as? Int64)
        }
    }

    @Test("every item exactly once, in seq order, whatever the limits: one page, a page and one, the rest")
    func exactlyOnceAcrossPages() async throws {
        let folder = try TemporaryFolder("dump")
        defer { folder.remove() }
        let path = folder.file("feedd.sqlite").path
        let store = try SQLiteFeedStore(path: path)
        let perFeed = 2_300
        for feed in 0..<2 {
            let items = (0..<perFeed).map { Item(id: "f\(feed)-\($0)", title: "Item \($0) of feed \(feed)") }
            _ = try await store.commit(
                FeedRefresh(
                    feedURL: "https://feed\(feed).example/rss", polledAt: Date(timeIntervalSince1970: 1_700_000_000),
                    result: .updated(Feed(items: items), bodyHash: "h\(feed)")))
        }
        let total = 2 * perFeed
        let app = try Application(
            configuration: Configuration(database: path),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })

        let whole = MemorySink()
        #expect(
            try await app.dump(Application.DumpOptions(consumer: "a", format: .lines, peek: true), to: whole) == total)
        #expect(try Self.seqs(whole) == Array(1...Int64(total)))

        var delivered: [Int64] = []
        for limit in [Application.dumpPageSize, Application.dumpPageSize + 1, nil] {
            let sink = MemorySink()
            _ = try await app.dump(Application.DumpOptions(consumer: "b", format: .lines, limit: limit), to: sink)
            delivered += try Self.seqs(sink)
        }
        #expect(delivered == Array(1...Int64(total)))
        let after = MemorySink()
        #expect(try await app.dump(Application.DumpOptions(consumer: "b", format: .lines), to: after) == 0)
    }
}
