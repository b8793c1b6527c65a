import ArgumentParser
import FeedApp
import FeedStorage

extension Feedd {
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Copy the SQLite store into an empty PostgreSQL database, in one transaction.",
            discussion: """
                Feeds with their poll state, items with their seq, stories, tombstones, consumers' cursors and \
                hook queues are copied; a consumer then dumps from the database where it left off. Stop feedd run \
                first; point 'database:' at the URL afterwards.
                """)

        @OptionGroup var options: GlobalOptions

        @Option(help: "The PostgreSQL database: postgresql://user[:password]@host[:port]/dbname[?sslmode=...].")
        var to: String

        func run() async throws {
            let app = try options.openApplication()
            let report = try await app.migrate(to: to)
            let copied = StoreTable.allCases.map { "\(report.rows[$0] ?? 0) \($0.rawValue)" }
            print(
                "copied into \(report.target): \(copied.joined(separator: ", ")); seqs continue after \(report.highWater)"
            )
            if report.unmatchedStoryURLs > 0 {
                printError(
                    "\(report.unmatchedStoryURLs) story URLs whose items changed their links were left out "
                        + "(later copies of those articles join their stories by text)")
            }
        }
    }
}
