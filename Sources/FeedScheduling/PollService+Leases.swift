import FeedStorage
import Foundation

// Several `feedd run` on one store: the loop keeps its own schedule, but claims the feeds it is about to start and
// starts only those the store grants, then renews their leases until their polls end (FeedStore.claim). A store
// that one run polls at a time grants every claim.
extension PollService {
    /// Claims `starting` for this worker: the feeds granted, each with its lease, in order. A feed not granted
    /// (another worker polls it, or polled it since the rows were read) stays out of the schedule until the rows
    /// are read again, within a renewal period: by then its row says when it is next due, or it is tried again.
    func claim(
        _ starting: [(FeedSubscription, FeedRecord)], _ state: inout LoopState, now: Date
    ) async -> [(FeedSubscription, FeedRecord, FeedLease)] {
        guard !starting.isEmpty else { return [] }
        var granted: [String: FeedLease] = [:]
        do {
            for lease in try await store.claim(starting.map(\.1.url), for: holder, lease: lease, now: now) {
                granted[lease.feedURL] = lease
            }
        } catch {
            logger.error("cannot claim feeds in the store", metadata: ["error": "\(error)"])
        }
        if granted.count < starting.count {
            let reread = now.addingTimeInterval(FeedLease.renewalPeriod(of: lease).timeInterval)
            state.staleUntil = min(state.staleUntil, reread)
            logger.debug(
                "feeds claimed by another worker", metadata: ["feeds": "\(starting.count - granted.count)"])
        }
        return starting.compactMap { subscription, record in
            granted[record.url].map { (subscription, record, $0) }
        }
    }

    /// Renews the leases of the polls in flight every ``FeedLease/renewalPeriod(of:)``, in real time (leases run
    /// on the store's clock), until cancelled. A lease no longer held was released by its commit or taken over
    /// after the worker stalled; the commit of the latter is refused.
    func renewLeases() async {
        let period = FeedLease.renewalPeriod(of: lease)
        while !Task.isCancelled {
            do { try await Task.sleep(for: period) } catch { return }
            await hostGate?.renew()
            let held = flight.withLock { Array($0.leases.values) }
            guard !held.isEmpty else { continue }
            do {
                let kept = try await store.renew(held, lease: lease)
                if kept.count < held.count {
                    logger.debug("leases no longer held", metadata: ["feeds": "\(held.count - kept.count)"])
                }
            } catch {
                logger.warning("cannot renew the leases of the polls in flight", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Gives back the lease of a poll that shutdown cancelled before its commit, so that another worker (or this
    /// one restarted) may poll the feed at once. In a task of its own, which the cancellation does not reach.
    func release(_ lease: FeedLease) async {
        let store = self.store
        do {
            try await Task { try await store.release([lease]) }.value
        } catch {
            logger.warning(
                "cannot give back the lease of a cancelled poll",
                metadata: ["feed": "\(lease.feedURL)", "error": "\(error)"])
        }
    }
}
