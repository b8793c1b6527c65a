/// Why the store could not do what was asked, as a sentence naming the cause.
public struct FeedStorageError: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        case open(path: String, cause: String)
        case database(operation: String, cause: String)
        case corruptItem(seq: Int64, cause: String)
        case full(operation: String, path: String)
        case leaseLost(feed: String, holder: String?)
        case notEmpty(store: String, holding: [String])
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
        case .corruptItem(let seq, let cause):
            return "Stored item \(seq) could not be read back (its JSON is damaged): \(cause)."
        case .full(let operation, let path):
            return "The feed store could not \(operation): the disk holding \(path) is full (or the store reached "
                + "its size limit); nothing of it was written, and it will be tried again once there is room."
        case .leaseLost(let feed, let holder):
            let taker = holder.map { "another worker (\($0))" } ?? "another worker"
            return "The feed store refused the poll of \(feed): its lease ran out and \(taker) took the feed over, "
                + "so nothing of this poll was stored."
        case .notEmpty(let store, let holding):
            return "The store at \(store) is not empty (it holds \(holding.joined(separator: ", "))): a copy goes into "
                + "an empty database only, so nothing was copied."
        }
    }

    package static func open(path: String, cause: String) -> FeedStorageError { .init(.open(path: path, cause: cause)) }

    /// `error` as a store reports it: its own errors and cancellation as they are (callers test for
    /// `CancellationError` on shutdown), anything else as a failure to do `operation`, which `cause` describes.
    package static func wrapping(_ error: any Error, _ operation: String, cause: (any Error) -> String) -> any Error {
        if error is FeedStorageError || error is CancellationError { return error }
        return database(operation, cause: cause(error))
    }

    package static func database(_ operation: String, cause: String) -> FeedStorageError {
        .init(.database(operation: operation, cause: cause))
    }

    static func full(_ operation: String, path: String) -> FeedStorageError {
        .init(.full(operation: operation, path: path))
    }

    /// The commit of `feed` under a lease that was taken over (now held by `holder`, nil when released).
    package static func leaseLost(feed: String, holder: String?) -> FeedStorageError {
        .init(.leaseLost(feed: feed, holder: holder))
    }

    /// A copy into `store` refused because the store already holds these rows (each a count and a table).
    package static func notEmpty(_ store: String, holding: [String]) -> FeedStorageError {
        .init(.notEmpty(store: store, holding: holding))
    }

    /// True when a commit was refused because its lease was taken over (``FeedRefresh/lease``).
    public var isLeaseLost: Bool {
        if case .leaseLost = reason { return true }
        return false
    }

    /// True when the store ran out of room (SQLITE_FULL): callers may retry later rather than treat it as a bug.
    public var isDiskFull: Bool {
        if case .full = reason { return true }
        return false
    }

    package static func corruptItem(seq: Int64, cause: String) -> FeedStorageError {
        .init(.corruptItem(seq: seq, cause: cause))
    }
}
