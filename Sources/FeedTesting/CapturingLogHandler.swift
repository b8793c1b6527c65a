import Logging

/// A swift-log backend that records every line at debug level and above into a ``CapturedLog``.
public struct CapturingLogHandler: LogHandler {
    let log: CapturedLog
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .debug

    /// A handler writing into `log`.
    public init(log: CapturedLog) { self.log = log }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        log.append(.init(level: event.level, text: event.message.description, url: event.metadata?["url"]?.description))
    }
}
