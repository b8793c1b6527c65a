import Foundation
import Logging

/// Log lines on standard error, one per event: logfmt (`ts=… level=info msg=poll feed=… outcome=updated`, easy
/// to grep) or JSON objects (for log collectors).
public struct LogfmtLogHandler: LogHandler {
    /// The line format.
    public enum Format: String, Sendable {
        case logfmt
        case json
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let format: Format

    public init(label: String, level: Logger.Level, format: Format = .logfmt) {
        self.label = label
        self.logLevel = level
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        if format == .json {
            var object: [String: String] = [
                "ts": Self.timestamp(), "level": "\(event.level)", "msg": "\(event.message)",
            ]
            for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
                object[key] = "\(value)"
            }
            if var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                line.append(UInt8(ascii: "\n"))
                FileHandle.standardError.write(line)
            }
            return
        }
        var fields = "ts=\(Self.timestamp()) level=\(event.level) msg=\(Self.quote("\(event.message)"))"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            fields += " \(key)=\(Self.quote("\(merged[key]!)"))"
        }
        FileHandle.standardError.write(Data((fields + "\n").utf8))
    }

    /// Values with spaces, quotes or `=` are quoted, as logfmt readers expect.
    static func quote(_ value: String) -> String {
        if !value.isEmpty, !value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) {
            return value
        }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, now.tv_nsec / 1_000_000)
    }
}

/// A logger writing to standard error at `level` (`info`, `debug` …) in `format` (`logfmt` or `json`).
public func makeLogger(level: String, format: String = "logfmt", label: String = "feedd") throws -> Logger {
    guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
        throw FeedAppError.usage("'\(level)' is not a log level (trace, debug, info, notice, warning, error, critical)")
    }
    guard let lineFormat = LogfmtLogHandler.Format(rawValue: format.lowercased()) else {
        throw FeedAppError.usage("'\(format)' is not a log format (logfmt, json)")
    }
    return Logger(label: label) { label in LogfmtLogHandler(label: label, level: parsed, format: lineFormat) }
}
