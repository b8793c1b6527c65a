import Synchronization

/// A lock a test holds from another connection or process (the store's write lock, say): taken, then released
/// when the test says so. The holder reports ``take()`` and polls ``isReleased``; the test waits for ``isHeld``.
public final class HeldLock: Sendable {
    private enum State { case waiting, held, released }
    private let state = Mutex(State.waiting)

    public init() {}

    public var isHeld: Bool { state.withLock { $0 == .held } }
    public var isReleased: Bool { state.withLock { $0 == .released } }
    public func take() { state.withLock { $0 = .held } }
    public func release() { state.withLock { $0 = .released } }
}
