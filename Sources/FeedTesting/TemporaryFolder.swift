import Foundation

/// A folder of its own under the system's temporary directory (`feedd-NAME-UUID`), for a test's configuration,
/// store and logs; created at once, removed by ``remove()``.
public struct TemporaryFolder: Sendable {
    /// Where it is.
    public let url: URL

    /// Creates `feedd-name-UUID` in the temporary directory.
    public init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The file `name` inside it.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Removes it with all it holds (a test's `defer`).
    public func remove() { try? FileManager.default.removeItem(at: url) }
}
