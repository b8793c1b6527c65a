import ArgumentParser
import FeedApp
import FeedModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Feedd {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Poll the configured feeds forever (stop with SIGINT or SIGTERM).")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try options.openApplication()
            try await app.run(reloadConfiguration: { try options.loadConfiguration() })
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Poll now every configured feed, or the named ones; exit 1 if any failed.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "Feed URLs from the configuration (default: all).")
        var feeds: [String] = []

        func run() async throws {
            let app = try options.openApplication()
            let progress = Progress(enabled: isatty(2) == 1)
            let summary = try await app.fetch(urls: feeds) { report, total in progress.update(report, total: total) }
            progress.finish()
            for report in summary.failed {
                printError("\(report.feedURL): \(report.error ?? "failed")")
            }
            let seconds =
                Double(summary.elapsed.components.seconds)
                + Double(summary.elapsed.components.attoseconds) / 1e18
            print(
                "\(summary.reports.count) feeds: \(summary.count(.updated)) updated, "
                    + "\(summary.count(.notModified)) not modified, \(summary.failed.count) failed; "
                    + "\(summary.newItems) new items in \(String(format: "%.2f", seconds)) s")
            if !summary.failed.isEmpty { throw ExitCode(1) }
        }
    }

    struct Dump: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the items this consumer has not seen yet, as JSON, and remember that it has.")

        @OptionGroup var options: GlobalOptions

        @Option(help: "The consumer's name; each consumer gets every item once.")
        var consumer: String = "default"

        @Flag(help: "JSON Lines (one item a line) instead of a JSON array.")
        var lines = false

        @Flag(help: "Show the items without moving the consumer's cursor.")
        var peek = false

        @Option(help: "At most this many items.")
        var limit: Int?

        func run() async throws {
            signal(SIGPIPE, SIG_IGN)
            let app = try options.openApplication()
            try await app.dump(
                .init(consumer: consumer, lines: lines, peek: peek, limit: limit), to: FileDescriptorSink.standardOutput
            )
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One row per feed: last result, items, next poll.")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "JSON instead of a table.")
        var json = false

        func run() async throws {
            let app = try options.openApplication()
            let rows = try await app.status()
            if json {
                let data = try FeedJSON.encoder(pretty: true).encode(rows)
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(StatusTable.render(rows))
            }
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("feedd: " + message + "\n").utf8))
}
