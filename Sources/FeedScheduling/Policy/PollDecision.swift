import FeedStorage
import Foundation

/// The policy's answer: when to poll next, and which rule decided it.
public struct PollDecision: Sendable, Equatable {
    /// The rule that set the next poll time.
    public typealias Reason = IntervalReason

    /// When to poll next; nil when the feed is gone.
    public var next: Date?
    /// Why.
    public var reason: Reason

    /// Creates a decision.
    public init(next: Date?, reason: Reason) {
        self.next = next
        self.reason = reason
    }
}
