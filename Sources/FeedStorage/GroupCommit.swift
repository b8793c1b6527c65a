import GRDB
import Synchronization

/// Group commit: the refreshes that wait for the writer while a transaction is running share the next one, each in
/// a savepoint of its own, so that a thousand polls cost a few synced commits instead of a thousand.
///
/// A refresh's caller is answered only after the transaction that holds it has committed (and, with
/// `synchronous = FULL`, reached the disk), so nothing is reported stored before it is durable. A refresh that
/// fails rolls back its own savepoint and leaves the others of its group to commit; when the transaction itself
/// fails (a full disk, an I/O error), SQLite has rolled all of it back and every refresh of the group gets the
/// error (<https://www.sqlite.org/lang_savepoint.html>, <https://www.sqlite.org/lang_transaction.html>).
final class GroupCommit<Output: Sendable>: Sendable {
    typealias Body = @Sendable (Database) throws -> Output

    private struct Waiting {
        var body: Body
        var answer: CheckedContinuation<Output, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        /// Refreshes of the transaction running now.
        var running = 0
        /// Whether a task is running transactions; it keeps taking the waiting ones until none are left.
        var draining = false
        /// Transactions run so far (tests read it to see refreshes share them).
        var transactions = 0
    }

    /// The most refreshes one transaction takes: the transaction holds the write lock, which readers in other
    /// processes (a `dump`) never wait for, but which other writers (a cursor's advance) do.
    static var maxGroup: Int { 64 }

    /// One write transaction over the bodies' savepoints (the store's, whose errors name the operation).
    typealias Transaction =
        @Sendable (
            _ run: @escaping @Sendable (Database) throws -> [Result<Output, any Error>]
        ) async throws -> [Result<Output, any Error>]

    private let state = Mutex(State())

    init() {}

    /// Refreshes not answered yet (running or waiting), and transactions run so far.
    var counts: (unanswered: Int, transactions: Int) {
        state.withLock { ($0.waiting.count + $0.running, $0.transactions) }
    }

    /// Runs `body` in a savepoint of the next group's transaction and returns its output once that transaction has
    /// committed.
    ///
    /// `transaction` runs a group's transaction; `rolledBack` is told when one failed as a whole, so that state kept
    /// beside the database (the story index) forgets what its refreshes had added. Every caller passes the same two.
    func commit(
        _ body: @escaping Body, transaction: @escaping Transaction, rolledBack: @escaping @Sendable () -> Void
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { answer in
            let lead = state.withLock { state in
                state.waiting.append(Waiting(body: body, answer: answer))
                defer { state.draining = true }
                return !state.draining
            }
            // The first to find nobody draining drains, in a task of its own: it must not wait for its own answer,
            // and shutdown's cancellation must not stop a transaction that callers are waiting for.
            if lead { Task { await self.drain(transaction, rolledBack) } }
        }
    }

    /// Runs transactions until nobody waits.
    private func drain(_ transaction: Transaction, _ rolledBack: @Sendable () -> Void) async {
        while true {
            let group = state.withLock { state in
                let taken = Array(state.waiting.prefix(Self.maxGroup))
                state.waiting.removeFirst(taken.count)
                state.running = taken.count
                if taken.isEmpty { state.draining = false } else { state.transactions += 1 }
                return taken
            }
            if group.isEmpty { return }
            let bodies = group.map(\.body)
            do {
                let results = try await transaction { db in
                    try bodies.map { body in
                        do {
                            var output: Output?
                            try db.inSavepoint {
                                output = try body(db)
                                return .commit
                            }
                            // inSavepoint commits or throws, so output is set here.
                            return .success(output!)
                        } catch {
                            // SQLite may end the whole transaction on some errors (SQLITE_FULL, SQLITE_IOERR,
                            // SQLITE_NOMEM): then nothing of the group can commit, and the rest must not run
                            // outside of it.
                            guard db.isInsideTransaction else { throw error }
                            return .failure(error)
                        }
                    }
                }
                for (waiting, result) in zip(group, results) { waiting.answer.resume(with: result) }
            } catch {
                rolledBack()
                for waiting in group { waiting.answer.resume(throwing: error) }
            }
        }
    }
}
