import Foundation

/// The package's executables as `swift build --build-tests` leaves them, for tests that run them as a user would.
public enum BuiltExecutable {
    /// The executable `name` built beside the running test bundle, else in `.build/debug` of this checkout.
    public static func url(_ name: String) -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        // Sources/FeedTesting/BuiltExecutable.swift → the checkout's root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/\(name)")
    }
}
