/// An error of feedd's configuration or commands, with a sentence that says what to fix.
public struct FeedAppError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: Sendable, Equatable {
        case config
        case usage
        case io
    }

    private let code: Code
    /// The human sentence.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The configuration file is missing or wrong; `description` names the file, key and feed.
    public static func config(_ message: String) -> FeedAppError { FeedAppError(.config, message) }
    /// The command line asks for something that cannot be done.
    public static func usage(_ message: String) -> FeedAppError { FeedAppError(.usage, message) }
    /// Reading or writing a file or stream failed.
    public static func io(_ message: String) -> FeedAppError { FeedAppError(.io, message) }

    /// True for configuration errors.
    public var isConfigError: Bool { code == .config }
}
