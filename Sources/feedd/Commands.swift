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
            commandName: "run", abstract: "Poll the configured feeds forever (stop with SIGINT or SIGTERM).")

        @OptionGroup var options: GlobalOptions

        @Option(help: "Serve /healthz, /readyz and /metrics (Prometheus) at HOST:PORT, e.g. 127.0.0.1:9808.")
        var listen: String?

        func run() async throws {
            var address: ListenAddress?
            if let listen {
                guard let parsed = ListenAddress(listen) else {
                    throw ValidationError("--listen takes HOST:PORT, e.g. 127.0.0.1:9808 (got '\(listen)')")
                }
                address = parsed
            }
            let app = try options.openApplication()
            try await app.run(reloadConfiguration: { try options.loadConfiguration() }, listen: address)
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch", abstract: "Poll now every configured feed, or the named ones; exit 1 if any failed.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "Feed URLs from the configuration (default: all).")
        var feeds: [String] = []

        @Flag(help: "No progress on standard error (a terminal line, else a line per tenth of the feeds).")
        var quiet = false

        func run() async throws {
            let app = try options.openApplication()
            let progress = Progress(mode: quiet ? .off : isatty(2) == 1 ? .terminal : .lines)
            let summary = try await app.fetch(urls: feeds) { report, total in progress.update(report, total: total) }
            progress.finish()
            for report in summary.failed {
                printError("\(report.feedURL): \(report.error ?? "failed")")
            }
            for report in summary.reports where report.outcome == .skipped {
                let until = report.nextPollAt.map { " until \(Timestamp.format($0))" } ?? ""
                let why = report.nextPollReason?.rawValue ?? report.error ?? "not due"
                printError("\(report.feedURL): skipped (\(why)\(until))")
            }
            let seconds = summary.elapsed.timeInterval
            print(
                "\(summary.reports.count) feeds: \(summary.count(.updated)) updated, "
                    + "\(summary.count(.notModified)) not modified, \(summary.failed.count) failed; "
                    + "\(summary.newItems) new items, \(summary.updatedItems) edited in \(String(format: "%.2f", seconds)) s"
            )
            if !summary.failed.isEmpty { throw ExitCode(1) }
        }
    }

    struct Dump: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dump",
            abstract: "Print the items this consumer has not seen yet, as JSON, and remember that it has.",
            discussion: """
                The cursor moves only after the whole output was written. --peek, --since, --since-seq and --feed \
                show a view and never move it.
                """)

        @OptionGroup var options: GlobalOptions

        @Option(help: "The consumer's name; each consumer gets every item once.")
        var consumer: String = "default"

        @Option(help: "Output: array (one JSON array), lines (JSON Lines) or jsonfeed (a JSON Feed 1.1 document).")
        var format: String = "array"

        @Flag(help: "JSON Lines: the same as --format lines.")
        var lines = false

        @Flag(help: "Show the items without moving the consumer's cursor.")
        var peek = false

        @Option(help: "At most this many items.")
        var limit: Int?

        @Option(help: "Start after this seq instead of the consumer's cursor.")
        var sinceSeq: Int64?

        @Option(help: "Only items first seen since then: an RFC 3339 time or a duration ago (24h, 7d).")
        var since: String?

        @Option(help: "Only the items of this feed URL.")
        var feed: String?

        @Flag(help: "Also items this consumer already has that were edited since (\"event\": \"updated\").")
        var includeUpdates = false

        @Flag(help: "One item per cross-feed story, with the other feeds that carry it in \"also_in\".")
        var collapseStories = false

        func run() async throws {
            signal(SIGPIPE, SIG_IGN)
            guard let parsedFormat = Application.DumpOptions.Format(rawValue: lines ? "lines" : format) else {
                throw ValidationError("--format takes array, lines or jsonfeed")
            }
            var sinceDate: Date?
            if let since {
                if let instant = Timestamp.parse(since) {
                    sinceDate = instant
                } else if let ago = DurationText.parse(since) {
                    sinceDate = Date().addingTimeInterval(-ago.timeInterval)
                } else {
                    throw ValidationError("--since takes an RFC 3339 time (2026-01-31T00:00:00Z) or a duration (24h)")
                }
            }
            let app = try options.openApplication()
            var dumpOptions = Application.DumpOptions(
                consumer: consumer, format: parsedFormat, peek: peek, limit: limit, sinceSeq: sinceSeq,
                since: sinceDate, feedURL: feed, includeUpdates: includeUpdates)
            dumpOptions.collapseStories = collapseStories
            try await app.dump(dumpOptions, to: FileDescriptorSink.standardOutput)
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack",
            abstract: "Move a consumer's cursor to SEQ (for two-phase consumers: dump --peek, handle, then ack).")

        @OptionGroup var options: GlobalOptions

        @Option(help: "The consumer's name.")
        var consumer: String = "default"

        @Option(help: "The seq of the last item handled.")
        var seq: Int64

        func run() async throws {
            let app = try options.openApplication()
            let before = try await app.acknowledge(consumer: consumer, seq: seq)
            if before >= seq { printError("consumer '\(consumer)' is already at seq \(before); nothing to do") }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Verify the store: SQLite's integrity check and feedd's invariants; exit 1 on a problem.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let problems = try await options.openApplication().check()
            for problem in problems { printError(problem) }
            if !problems.isEmpty { throw ExitCode(1) }
            print("ok")
        }
    }

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "discover",
            abstract: "Print the feed URLs a page offers (a feed URL prints itself), one a line.")

        @Argument(help: "A page or feed URL.")
        var url: String

        func run() async throws {
            let logger = try makeLogger(level: "error")
            for feed in try await Application.discover(url: url, logger: logger) { print(feed) }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "One row per feed: last result, items, interval and why, next poll.")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "JSON instead of a table.")
        var json = false

        func run() async throws {
            let app = try options.openApplication()
            let rows = try await app.status()
            if json {
                try printJSON(rows)
            } else {
                print(StatusTable.render(rows))
            }
        }
    }
}

/// Prints `value` as indented JSON (feedd's encoder: its dates and key names), for a command's `--json`.
func printJSON(_ value: some Encodable) throws {
    print(String(decoding: try FeedJSON.encoder(pretty: true).encode(value), as: UTF8.self))
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("feedd: " + message + "\n").utf8))
}
