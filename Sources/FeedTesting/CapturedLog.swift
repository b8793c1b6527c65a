import Logging
import Synchronization

/// Log lines kept for inspection, shared between the fetcher's thread and the test.
public final class CapturedLog: Sendable {
    /// One log line: its level, message and `url` metadata.
    public struct Line: Sendable {
        public var level: Logger.Level
        public var text: String
        public var url: String?
    }

    private let lines = Mutex<[Line]>([])

    /// An empty log.
    public init() {}

    func append(_ line: Line) { lines.withLock { $0.append(line) } }

    /// Every line so far, in order.
    public var messages: [Line] { lines.withLock { $0 } }
}
