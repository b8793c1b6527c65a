import ArgumentParser
import FeedApp
import FeedModel
import FeedStorage
import Foundation

extension Feedd {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Add the feeds of an OPML file to the configuration file.",
            discussion: """
                Folders become tags; titles and site URLs are kept. Feeds already configured are left alone. The \
                configuration file is edited in place, comments and order preserved; a running `feedd run` on the \
                same store is told to reload.
                """)

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The OPML file (as Miniflux, newsboat -e, FreshRSS, Feedly and others write it).")
        var file: String

        func run() async throws {
            let summary = try Application.importOPML(file: file, configPath: try options.configurationPath())
            print("imported \(summary.added) feeds (\(summary.alreadyConfigured) already configured)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print the configured feeds as OPML 2.0 (the same feeds always give the same bytes).")

        @OptionGroup var options: GlobalOptions

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            let xml = try await options.openApplication().exportOPML()
            if let output {
                try Data(xml.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(Data(xml.utf8))
            }
        }
    }

    struct Feeds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "feeds", abstract: "List, add, remove, enable or disable feeds in the configuration file.",
            subcommands: [List.self, Add.self, Remove.self, Enable.self, Disable.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list", abstract: "Every configured feed, paused ones too.")

            @OptionGroup var options: GlobalOptions

            @Flag(help: "JSON instead of lines.")
            var json = false

            func run() async throws {
                let feeds = try await options.openApplication().listFeeds()
                if json {
                    try printJSON(feeds)
                    return
                }
                for feed in feeds {
                    let state = feed.enabled ? "" : "  [disabled]"
                    let tags = feed.tags.isEmpty ? "" : "  #" + feed.tags.joined(separator: " #")
                    print("\(feed.url)  \(feed.title ?? "-")  \(feed.items) items\(tags)\(state)")
                }
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add", abstract: "Add a feed; a web page's URL is resolved to the feed it advertises.")

            @OptionGroup var options: GlobalOptions

            @Argument(help: "The feed's URL, or a page that links to its feed.")
            var url: String

            @Option(help: "A title of your own.")
            var title: String?

            @Option(name: .customLong("tag"), help: "A tag (repeat for several).")
            var tags: [String] = []

            @Flag(help: "Add the URL as given, without fetching it to find the feed.")
            var noDiscover = false

            func run() async throws {
                let added = try await Application.addFeed(
                    FeedSubscription(url: url, title: title, tags: tags),
                    configPath: try options.configurationPath(), discover: !noDiscover,
                    logger: try makeLogger(level: options.logLevel, format: options.logFormat))
                print(added == url ? "added \(added)" : "added \(added) (the feed of \(url))")
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "remove",
                abstract: "Remove a feed from the configuration (stored items stay until retention removes them).")

            @OptionGroup var target: ConfiguredFeed

            func run() async throws { try target.change("removed", Application.removeFeed) }
        }

        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "enable",
                abstract: "Resume polling a feed: paused in the configuration, or gone (410) in the store.",
                discussion: """
                    Removes `enabled: false` from the feed's entry in the configuration file, and clears a 410 Gone \
                    state in the store (the URL may be the configured one or the one a feed moved to), so that \
                    `feedd run` polls it at its next look.
                    """)

            @OptionGroup var target: ConfiguredFeed

            func run() async throws {
                let path = try target.options.configurationPath()
                let paused = try Configuration.load(path: path).disabledFeeds.contains { $0.url == target.url }
                if paused { try Application.setEnabled(true, url: target.url, configPath: path) }
                let revived = try await target.options.openApplication().reviveStoredFeed(url: target.url)
                guard paused || revived else {
                    throw ValidationError("\(target.url) is neither a configured nor a stored feed")
                }
                print("enabled \(target.url)")
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "disable", abstract: "Pause a feed: it stays configured and stored, and is not polled.")

            @OptionGroup var target: ConfiguredFeed

            func run() async throws {
                try target.change("disabled") { try Application.setEnabled(false, url: $0, configPath: $1) }
            }
        }
    }
}

/// The arguments of a command that changes one configured feed: the global options and the feed's URL.
struct ConfiguredFeed: ParsableArguments {
    @OptionGroup var options: GlobalOptions

    @Argument(help: "The feed's URL as configured.")
    var url: String

    /// Applies `edit(url, configPath)` and says what was done.
    func change(_ done: String, _ edit: (String, String) throws -> Void) throws {
        try edit(url, try options.configurationPath())
        print("\(done) \(url)")
    }
}
