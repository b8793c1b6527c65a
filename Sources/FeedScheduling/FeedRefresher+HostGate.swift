import FeedStorage

extension FeedRefresher {
    /// As ``refresh(_:interval:retention:lease:slotFreed:transferEnded:)``, the request sent only once `gate` has
    /// granted a slot of the feed's host (workers sharing a store, ``HostGate``), which is given back as soon as
    /// the transfer ends; without a gate, at once. Cancelled while it waits for the slot, it reports `cancelled`.
    func refresh(
        _ feed: FeedRecord, interval: Duration?, retention: Retention, lease: FeedLease?, through gate: HostGate?,
        slotFreed: @escaping @Sendable () -> Void
    ) async -> PollReport {
        guard let gate else {
            return await refresh(
                feed, interval: interval, retention: retention, lease: lease, slotFreed: slotFreed)
        }
        let slot: HostSlot?
        do {
            slot = try await gate.enter(feed.url)
        } catch {
            return PollReport(feedURL: feed.url, outcome: .cancelled)
        }
        // A poll that sends no request (a gone feed) gives its host slot back here.
        defer { gate.leave(slot) }
        return await refresh(
            feed, interval: interval, retention: retention, lease: lease, slotFreed: slotFreed,
            transferEnded: { gate.leave(slot) })
    }
}
