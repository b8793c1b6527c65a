import Foundation

/// Locates `Tests/Fixtures/parsing/` from this source file (Package.swift declares no resources).
enum FixtureFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/parsing")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// The document URL every golden fixture is parsed with (the base for relative links).
    static let documentURL = "http://example.org/feeds/main.xml"
}
