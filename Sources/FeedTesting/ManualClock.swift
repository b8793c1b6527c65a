import FeedModel
import Foundation
import Synchronization

/// A clock that only moves when a test advances it; sleepers wake when their deadline is reached or their task
/// is cancelled.
public final class ManualClock: FeedClock, Sendable {
    private struct Sleeper {
        var id: Int
        var deadline: Date
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var current: Date
        var sleepers: [Sleeper] = []
        var nextID = 0
    }

    private let state: Mutex<State>

    /// Starts at `start` (default: 2026-01-01T00:00:00Z).
    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { state = Mutex(State(current: start)) }

    public func now() -> Date { state.withLock { $0.current } }

    /// The number of tasks currently suspended in ``sleep(until:)``.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// When each suspended task is to wake, earliest first: a loop asleep until a given time is one that will do
    /// nothing before it (unless woken by something other than the clock).
    public var deadlines: [Date] { state.withLock { $0.sleepers.map(\.deadline).sorted() } }

    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let wakeNow: Bool = state.withLock { state in
                    if deadline <= state.current || Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if wakeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume()
        }
        try Task.checkCancellation()
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    public func advance(by seconds: TimeInterval) {
        let due: [Sleeper] = state.withLock { state in
            state.current = state.current.addingTimeInterval(seconds)
            let now = state.current
            let ready = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return ready
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
