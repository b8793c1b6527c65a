import FeedTesting
import Foundation
import Synchronization
import Testing

/// `feedd dump` on a store whose deliveries span several pages (500 items each) while items a consumer has not
/// read yet are edited, and two dumps of one consumer at once: each item reaches each consumer once.
@Suite(.serialized) struct DeliveryCLITests {
    static let count = 1_300

    /// The version of each item the feed lists (1...count, oldest first).
    final class Versions: Sendable {
        let numbers = Mutex<[Int]>(Array(repeating: 1, count: DeliveryCLITests.count + 1))
    }

    let versions = Versions()
    let workspace: CLIWorkspace
    var server: LoopbackServer { workspace.server }
    let config: String

    init() throws {
        let versions = self.versions
        workspace = try CLIWorkspace("delivery") { _ in
            TestResponse(
                headers: [("Content-Type", "application/rss+xml")],
                body: Data(Self.document(versions.numbers.withLock { $0 }).utf8))
        }
        config = try workspace.writeConfig(feeds: ["big.rss"])
    }

    /// An RSS document listing every item, newest first, each title carrying its version.
    static func document(_ versions: [Int]) -> String {
        var text = #"<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>"#
        for number in stride(from: count, through: 1, by: -1) {
            text += "<item><guid>item-\(number)</guid><title>Item \(number) v\(versions[number])</title>"
            text += "<link>http://127.0.0.1/\(number)</link><description>Body of item \(number)</description></item>"
        }
        return text + "</channel></rss>"
    }

    /// One dumped item: its number, version, seq and event.
    struct Record: Hashable {
        var number: Int
        var version: Int
        var seq: Int
        var event: String
    }

    static func records(_ data: Data) throws -> [Record] {
        try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let title = try #require(object["title"] as? String).split(separator: " ")
            return Record(
                number: try #require(Int(title[1])), version: try #require(Int(title[2].dropFirst())),
                seq: try #require(object["seq"] as? Int), event: try #require(object["event"] as? String))
        }
    }

    func dump(_ consumer: String, _ extra: [String] = []) throws -> [Record] {
        let output = try FeeddProcess.run(["dump", "--config", config, "--consumer", consumer, "--lines"] + extra)
        #expect(output.status == 0, "\(output.stderr)")
        return try Self.records(Data(output.stdout.utf8))
    }

    func fetch() throws -> String {
        let output = try FeeddProcess.run(["fetch", "--config", config, "--quiet"])
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout
    }

    @Test("items edited while a consumer had not read them reach it once, as new, in their current form")
    func editsBeforeReceiptAcrossPages() throws {
        defer { workspace.close() }
        _ = try fetch()
        let reader = try dump("reader", ["--limit", "600"])
        let pages = try dump("pages", ["--limit", "450"])
        let updates = try dump("updates", ["--include-updates"])
        #expect(reader.map(\.number) == Array(1...600) && pages.map(\.number) == Array(1...450))
        #expect(updates.count == Self.count)

        // Item 50 every consumer has; 650, 900 and 1250 "reader" and "pages" have not received yet.
        let edited = [50, 650, 900, 1_250]
        versions.numbers.withLock { for number in edited { $0[number] = 2 } }
        #expect(try fetch().contains("4 edited"))

        let rest = try dump("reader")
        #expect(rest.map(\.number).sorted() == Array(601...Self.count), "each unread item once, none read again")
        #expect(rest.filter { edited.contains($0.number) }.allSatisfy { $0.version == 2 && $0.event == "new" })
        var paged = pages
        paged += try dump("pages", ["--limit", "450"])
        paged += try dump("pages", ["--limit", "450"])
        paged += try dump("pages")
        #expect(paged.map(\.number).sorted() == Array(1...Self.count), "with limits across page boundaries too")
        #expect(Set(paged.map(\.seq)).count == paged.count)
        #expect(paged.filter { [650, 900, 1_250].contains($0.number) }.allSatisfy { $0.version == 2 })

        let changes = try dump("updates", ["--include-updates"])
        #expect(changes.map(\.number).sorted() == edited && changes.allSatisfy { $0.event == "updated" })
        let late = try dump("late")
        #expect(late.map(\.number).sorted() == Array(1...Self.count), "a consumer created after the edits")
        #expect(late.allSatisfy { $0.event == "new" && $0.version == (edited.contains($0.number) ? 2 : 1) })
        #expect(try dump("reader").isEmpty && dump("late").isEmpty)
    }

    @Test("two dumps of one consumer at once: the second waits for the first, then takes what is left")
    func concurrentDumpsHandNothingTwice() async throws {
        defer { workspace.close() }
        _ = try fetch()
        let arguments = ["dump", "--config", config, "--consumer", "twin", "--lines"]
        // The first stalls on a full pipe (its output is far larger than a pipe holds) while it holds the consumer.
        let first = try PipedFeedd(arguments)
        let second = try PipedFeedd(arguments)
        // A timeout is the expectation's failure below, after both dumps are drained.
        try? await waitUntil("one dump waiting for the other", timeout: .seconds(20)) {
            (first.stderrText + second.stderrText).contains("waiting for it")
        }
        #expect((first.stderrText + second.stderrText).contains("waiting for it"), "one dump waited for the other")
        async let firstDone = first.finish()
        async let secondDone = second.finish()
        let (a, b) = await (firstDone, secondDone)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        let both = try Self.records(a.stdout) + Self.records(b.stdout)
        #expect(both.map(\.number).sorted() == Array(1...Self.count), "every item once across the two")
    }

    @Test("a dump killed while it holds its consumer leaves nothing held and nothing delivered: the next one takes all")
    func killedDumpReleasesTheConsumer() async throws {
        defer { workspace.close() }
        _ = try fetch()
        let arguments = ["dump", "--config", config, "--consumer", "killed", "--lines"]
        // Whichever takes the consumer first stalls on a full pipe, holding its lock, its cursor not moved.
        let dumps = [try PipedFeedd(arguments), try PipedFeedd(arguments)]
        try await waitUntil("one dump waiting for the other", timeout: .seconds(20)) {
            dumps.contains { $0.stderrText.contains("waiting for it") }
        }
        let waiting = try #require(dumps.first { $0.stderrText.contains("waiting for it") })
        let stalled = try #require(dumps.first { $0 !== waiting })
        kill(stalled.process.processIdentifier, SIGKILL)
        async let finished = waiting.finish()
        do {
            try await waitUntil("the waiting dump to take the consumer and finish", timeout: .seconds(20)) {
                !waiting.process.isRunning
            }
        } catch {
            kill(waiting.process.processIdentifier, SIGKILL)
            throw error
        }
        let rest = await finished
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(try Self.records(rest.stdout).map(\.number) == Array(1...Self.count), "every item, once")
        _ = await stalled.finish()
        #expect(try dump("killed").isEmpty)
    }
}
