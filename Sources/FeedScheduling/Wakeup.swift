import Synchronization

/// A one-slot doorbell: `wait()` suspends until `ring()` (or returns at once if it rang since the last wait), or
/// until the waiting task is cancelled. The poll loop waits on it beside the clock, so that a reload or the end of
/// a poll does not have to wait out the current sleep (and an idle hook waits on one for pushed items); rings that come while the loop is busy are one ring.
public final class Wakeup: Sendable {
    private struct State {
        var rang = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// A doorbell that has not rung.
    public init() {}

    /// Wakes the waiter, or the next one to wait.
    public func ring() {
        let continuation: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard let waiter = state.waiter else {
                state.rang = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        continuation?.resume()
    }

    /// Returns once rung (at once when it rang since the last wait) or when the task is cancelled.
    public func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = state.withLock { state in
                    if state.rang || Task.isCancelled {
                        state.rang = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            continuation?.resume()
        }
    }
}
