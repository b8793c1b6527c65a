import ArgumentParser
import FeedApp
import Foundation

/// The `feedd` command line: a thin layer over FeedApp.
///
/// Every command states its name: ArgumentParser otherwise derives it from the type through
/// `String(describing:)`, whose protocol-conformance look-ups scan the whole static binary at each start.
@main
struct Feedd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedd",
        abstract: "An RSS/Atom feed aggregator daemon.",
        version: Configuration.version,
        subcommands: [
            Run.self, Fetch.self, Dump.self, Ack.self, Status.self, Check.self, Discover.self, Parse.self,
            Feeds.self, Import.self, Export.self, Migrate.self,
        ])
}

/// Options every store-using command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $FEEDD_CONFIG).")
    var config: String?

    @Option(
        name: .long,
        help:
            "The store: a SQLite path or a postgresql:// URL, overriding $FEEDD_DATABASE and the configuration's 'database'."
    )
    var database: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(name: .long, help: "Log line format: logfmt or json.")
    var logFormat: String = "logfmt"

    /// The configuration file named by --config or FEEDD_CONFIG.
    func configurationPath() throws -> String {
        guard let path = config ?? ProcessInfo.processInfo.environment["FEEDD_CONFIG"], !path.isEmpty else {
            throw ValidationError("no configuration: pass --config FILE or set FEEDD_CONFIG")
        }
        return path
    }

    /// Loads the configuration named by --config or FEEDD_CONFIG, with --database (else FEEDD_DATABASE) applied.
    func loadConfiguration() throws -> Configuration {
        var configuration = try Configuration.load(path: try configurationPath())
        let environment = ProcessInfo.processInfo.environment["FEEDD_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
        if let database = database ?? environment { configuration.database = database }
        return configuration
    }

    func openApplication() throws -> Application {
        let configuration = try loadConfiguration()
        return try Application(configuration: configuration, logger: try makeLogger(level: logLevel, format: logFormat))
    }
}
