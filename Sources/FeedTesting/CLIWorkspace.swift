import Foundation

/// A temporary folder for a CLI test's configuration and store, and a loopback server (by default serving
/// `Tests/Fixtures/cli`).
public struct CLIWorkspace: Sendable {
    /// `Tests/Fixtures/cli`: the feeds the CLI tests poll.
    public static let fixtures = fixtures("cli")

    /// The folder `Tests/Fixtures/concern` of this checkout.
    public static func fixtures(_ concern: String) -> URL {
        // Sources/FeedTesting/CLIWorkspace.swift → the checkout's root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/\(concern)")
    }

    /// The test's own folder (`feedd-NAME-UUID` in the temporary directory).
    public let temporary: TemporaryFolder
    /// The loopback server the configured feeds point at.
    public let server: LoopbackServer

    /// The folder's URL.
    public var folder: URL { temporary.url }

    /// A workspace whose server serves the files under `fixtures`.
    public init(_ name: String, fixtures: URL = Self.fixtures) throws {
        try self.init(name, handler: LoopbackServer.staticFiles(directory: fixtures))
    }

    /// A workspace whose server answers with `handler`.
    public init(_ name: String, handler: @escaping @Sendable (TestRequest) -> TestResponse) throws {
        temporary = try TemporaryFolder(name)
        server = try LoopbackServer(handler: handler)
    }

    /// Writes the configuration `file` in the folder: the store `feedd.sqlite` beside it, then `settings` (YAML
    /// lines, each ending in a newline), then the feeds at `paths` on the server. Returns its path.
    public func writeConfig(_ settings: String = "", feeds paths: [String], file: String = "feedd.yaml") throws
        -> String
    {
        try FeeddConfig.write(
            in: folder, settings: settings, feeds: paths.map { server.url("/" + $0) }, file: file)
    }

    /// Stops the server and removes the folder (a test's `defer`).
    public func close() {
        server.stop()
        temporary.remove()
    }
}

/// The configuration files CLI tests hand to `feedd --config`.
public enum FeeddConfig {
    /// Writes `file` in `folder`: `database: FOLDER/feedd.sqlite`, then `settings` (YAML lines, each ending in a
    /// newline), then a `feeds:` list of `urls`. Returns its path.
    public static func write(in folder: URL, settings: String = "", feeds urls: [String], file: String = "feedd.yaml")
        throws -> String
    {
        var yaml = "database: \(folder.path)/feedd.sqlite\n\(settings)feeds:\n"
        for url in urls { yaml += "  - url: \(url)\n" }
        let path = folder.appendingPathComponent(file).path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
