import FeedTesting
import Foundation

/// A temporary folder for a test's configuration and store, and a loopback server serving `Fixtures/cli`.
struct CLIWorkspace {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cli")

    let folder: URL
    let server: LoopbackServer

    init(_ name: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        server = try LoopbackServer(handler: LoopbackServer.staticFiles(directory: Self.fixtures))
    }
}
