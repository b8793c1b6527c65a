import Foundation

/// A one-slot doorbell: `wait()` suspends until `ring()` (or returns at once if it rang since the last wait), or
/// until the waiting task is cancelled. The poll loop waits on it beside the clock, so that a reload does not
/// have to wait out the current sleep.
final class Wakeup: @unchecked Sendable {
    private let lock = NSLock()
    private var rang = false
    private var waiter: CheckedContinuation<Void, Never>?

    func ring() {
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            guard let waiter else {
                rang = true
                return nil
            }
            self.waiter = nil
            return waiter
        }
        continuation?.resume()
    }

    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if rang || Task.isCancelled {
                        rang = false
                        return true
                    }
                    waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
                defer { waiter = nil }
                return waiter
            }
            continuation?.resume()
        }
    }
}
