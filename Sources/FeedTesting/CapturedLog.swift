import Foundation
import Logging

/// Log lines kept for inspection, shared between the fetcher's thread and the test.
public final class CapturedLog: @unchecked Sendable {
    /// One log line: its level, message and `url` metadata.
    public struct Line: Sendable {
        public var level: Logger.Level
        public var text: String
        public var url: String?
    }

    private let lock = NSLock()
    private var lines: [Line] = []

    /// An empty log.
    public init() {}

    func append(_ line: Line) { lock.withLock { lines.append(line) } }

    /// Every line so far, in order.
    public var messages: [Line] { lock.withLock { lines } }
}
