/// Why the store could not do what was asked, as a sentence naming the cause.
public struct FeedStorageError: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        case open(path: String, cause: String)
        case database(operation: String, cause: String)
        case encoding(feedURL: String, key: String, cause: String)
        case corruptItem(seq: Int64, cause: String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The human sentence.
    public var description: String {
        switch reason {
        case .open(let path, let cause):
            return "Could not open the feed store at \(path): \(cause)."
        case .database(let operation, let cause):
            return "The feed store could not \(operation): \(cause)."
        case .encoding(let feedURL, let key, let cause):
            return "Could not encode item \(key) of \(feedURL) as JSON for the store: \(cause)."
        case .corruptItem(let seq, let cause):
            return "Stored item \(seq) could not be read back (its JSON is damaged): \(cause)."
        }
    }

    static func open(path: String, cause: String) -> FeedStorageError { .init(.open(path: path, cause: cause)) }

    static func database(_ operation: String, cause: String) -> FeedStorageError {
        .init(.database(operation: operation, cause: cause))
    }

    static func encoding(feedURL: String, key: String, cause: String) -> FeedStorageError {
        .init(.encoding(feedURL: feedURL, key: key, cause: cause))
    }

    static func corruptItem(seq: Int64, cause: String) -> FeedStorageError {
        .init(.corruptItem(seq: seq, cause: cause))
    }
}
