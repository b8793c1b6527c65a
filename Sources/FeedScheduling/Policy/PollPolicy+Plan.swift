import FeedStorage
import Foundation

extension PollInputs {
    /// The inputs with `count` more new items first seen at `date` (this poll's, once the store counted them).
    func adding(_ count: Int, at date: Date) -> PollInputs {
        var inputs = self
        inputs.newItemTimes += Array(repeating: date, count: count)
        return inputs
    }
}

extension PollPolicy {
    /// The decision as the store keeps it: next poll, the interval it amounts to, its reason, the Retry-After
    /// window (no request before it, even after a restart) and the gone flag.
    public func plan(_ inputs: PollInputs) -> PollPlan {
        let decision = decide(inputs)
        let retryAfterUntil = inputs.retryAfter.map {
            inputs.now.addingTimeInterval(min($0.timeInterval, retryAfterCap.timeInterval))
        }
        let interval = decision.next.map {
            Duration.milliseconds(Int64(($0.timeIntervalSince(inputs.now) * 1000).rounded()))
        }
        return PollPlan(
            nextDueAt: decision.next,
            state: PollState(
                interval: interval, reason: decision.reason, retryAfterUntil: retryAfterUntil,
                gone: decision.reason == .gone, hints: inputs.hints))
    }
}
