import FeedModel
import FeedScheduling
import FeedStorage
import Foundation
import Logging
import ServiceLifecycle

/// Hands new items to the configured hooks, at least once each, without ever holding up polling.
///
/// Each hook is a consumer of the store (named `hook:<kind>`), and that is its transactional outbox: an item is
/// owed to a hook exactly when its seq is past the hook's cursor, so storing the item and owing it commit in the
/// same transaction, and nothing is lost between the two by a crash. A batch is handed over, and the cursor moves
/// only after the hook succeeded; a failure leaves it where it was and the same batch, with the same `seq`s (so a
/// receiver can drop repeats), is offered again after a backoff. Hooks run in their own tasks, beside the poller.
struct HookService: Service, CustomStringConvertible {
    /// One delivery target.
    struct Hook: Sendable {
        /// `command` or `webhook`, which names the hook's consumer.
        let kind: HookConfiguration.Kind
        /// What `feedd status` and the logs call it (the command line or the URL).
        let target: String
        let settings: HookSettings
        /// Hands one batch (JSON Lines, as `feedd dump --lines` prints them) over; throws when it was not taken.
        let deliver: @Sendable ([UInt8], Int) async throws -> Void
        /// Rung when items were stored outside the poller's rhythm (a WebSub push), so that an idle hook looks at
        /// once rather than at its next check.
        let doorbell = Wakeup()

        var name: String { kind.rawValue }
        var consumer: String { kind.consumer }
    }

    let hooks: [Hook]
    let store: any FeedStore
    let clock: any FeedClock
    let logger: Logger
    /// How often an idle hook looks for new items: a cursor read and an indexed range query.
    var checkInterval: TimeInterval = 1
    /// A number in [0, 1) for the backoff's jitter (injected so tests are exact).
    var random: @Sendable () -> Double = { Double.random(in: 0..<1) }

    /// What the service group's log lines call it.
    var description: String { "HookService(\(hooks.map(\.target).joined(separator: ", ")))" }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for hook in hooks { group.addTask { await serve(hook) } }
            }
        }
    }

    /// One hook's loop: deliver what is owed, wait when nothing is, back off after a failure.
    func serve(_ hook: Hook) async {
        var failures = 0
        while !Task.isCancelled {
            let wait: TimeInterval
            do {
                _ = try await store.startConsumer(hook.consumer)
                // A batch being handed over is finished, not abandoned, when the service is asked to stop (an
                // unstructured task does not inherit the cancellation): the hook may already have taken it, and
                // only the cursor's move records that, so abandoning it would offer the batch again after a
                // restart. The hook's own timeout bounds how long a stop waits for it.
                let delivered = try await Task { try await deliverBatch(hook) }.value
                failures = 0
                // A full batch means more may be waiting: go on at once.
                wait = delivered == hook.settings.batchSize ? 0 : checkInterval
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                wait = hook.settings.retryDelay(afterFailures: failures, random: random())
                logger.warning(
                    "hook failed; its items stay owed and are offered again",
                    metadata: [
                        "hook": "\(hook.target)", "error": "\(error)", "failures": "\(failures)",
                        "retry_in": "\(String(format: "%.1f", wait))s",
                    ])
            }
            do {
                if wait == checkInterval {
                    try await idle(hook)
                } else if wait > 0 {
                    try await clock.sleep(until: clock.now().addingTimeInterval(wait))
                }
            } catch {
                return
            }
        }
    }

    /// Rings every hook's doorbell: items were stored that the hooks are owed now.
    func ring() {
        for hook in hooks { hook.doorbell.ring() }
    }

    /// An idle hook's wait: the check interval, or less when its doorbell rings (a backoff never is cut short).
    private func idle(_ hook: Hook) async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: clock.now().addingTimeInterval(checkInterval)) }
            group.addTask { await hook.doorbell.wait() }
            await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    /// Delivers the next batch owed to `hook` and moves its cursor past it; returns how many items it held.
    ///
    /// The hook is a consumer like any other: the batch is read from one snapshot under the consumer's lock, and
    /// the advance records what the snapshot showed (``DeliveryRule``). A `feedd dump` or `ack` of the hook's
    /// consumer holding the lock makes this round deliver nothing.
    func deliverBatch(_ hook: Hook) async throws -> Int {
        guard let lock = try await store.lockConsumer(hook.consumer, wait: false) else { return 0 }
        defer { lock.release() }
        let snapshot = try await store.snapshot()
        let cursor = try await snapshot.cursor(of: hook.consumer)
        var query = ItemQuery(after: cursor, limit: hook.settings.batchSize, audience: .consumer(hook.consumer))
        query.rawJSON = true
        let items = try await snapshot.items(query)
        guard let last = items.last else {
            logger.debug("hook is owed nothing", metadata: ["hook": "\(hook.target)", "cursor": "\(cursor)"])
            return 0
        }
        var writer = DumpWriter(format: .lines, consumer: hook.consumer)
        var batch: [UInt8] = []
        for item in items { try writer.item(item, first: batch.isEmpty, to: &batch) }
        try await hook.deliver(batch, items.count)
        // A CAS that loses means another process moved the cursor by hand: the next round reads it again.
        _ = try await store.advanceCursor(
            of: hook.consumer, from: cursor, to: last.seq, seenAt: snapshot.highWater)
        logger.info(
            "hook delivered",
            metadata: ["hook": "\(hook.target)", "items": "\(items.count)", "through_seq": "\(last.seq)"])
        return items.count
    }
}
