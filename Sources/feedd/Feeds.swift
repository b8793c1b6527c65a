import ArgumentParser
import FeedApp

extension Feedd {
    /// `feedd feeds …`: acting on one stored feed. A group so that later subcommands (editing the configuration)
    /// join it.
    struct Feeds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Act on stored feeds.", subcommands: [Enable.self])

        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Poll a feed that answered 410 Gone again (run polls it at its next look).")

            @OptionGroup var options: GlobalOptions

            @Argument(help: "The feed's URL, as configured or as moved to.")
            var url: String

            func run() async throws {
                try await options.openApplication().enableFeed(url: url)
                print("\(url): enabled; polled at the next look")
            }
        }
    }
}
