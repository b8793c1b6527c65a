import Synchronization

/// A one-slot doorbell: `wait()` suspends until `ring()` (or returns at once if it rang since the last wait), or
/// until the waiting task is cancelled. The poll loop waits on it beside the clock, so that a reload or the end of
/// a poll does not have to wait out the current sleep; rings that come while the loop is busy are one ring.
final class Wakeup: Sendable {
    private struct State {
        var rang = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func ring() {
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

    func wait() async {
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
