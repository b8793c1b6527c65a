import Foundation

/// Wall-clock time as the scheduler sees it: injected, never global, so that policies and services run under a
/// manual clock in tests.
public protocol FeedClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Suspends until `deadline` (or returns at once if it has passed); throws `CancellationError` when cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system clock.
public struct SystemClock: FeedClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up)))) }
        try Task.checkCancellation()
    }
}
