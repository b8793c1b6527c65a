import FeedStorage
import Foundation
import Logging
import Synchronization

/// `per_host` and `min_host_gap` for every worker on a shared store together: before a poll hands its feed to the
/// fetcher it takes one of the host's slots from the store (``FeedStore/takeHostSlot(_:cap:gap:for:lease:)``),
/// and gives it back when the transfer ends. The fetcher keeps its own per-process limits as well; this gate only
/// adds the other workers' requests to them.
///
/// A slot is held under a lease like a feed's, renewed with the feeds' leases (``renew()``), so that a worker that
/// dies frees its slots within the lease. Another worker's release is not announced: a poll refused because every
/// slot is held asks again every ``recheck`` (or at the end of the gap, which nothing shortens).
public final class HostGate: Sendable {
    let store: any FeedStore
    let holder: String
    let perHost: Int
    let gap: Duration
    let lease: Duration
    let logger: Logger
    /// The slots of the transfers in flight, renewed until each is given back.
    private let held = Mutex<Set<HostSlot>>([])

    /// The longest wait between two requests for a slot while the host's slots are all held.
    static let recheck = Duration.milliseconds(250)

    /// - Parameters:
    ///   - holder: this worker, as it claims feeds (``FeedLease/worker(startedAt:)``).
    ///   - perHost: requests in flight at once to one host, across the workers.
    ///   - minimumGap: the least time between the starts of two requests to one host, across the workers.
    ///   - lease: how long a slot stays held when its worker stops renewing it (the feeds' lease).
    public init(
        store: any FeedStore, holder: String, perHost: Int, minimumGap: Duration, lease: Duration, logger: Logger
    ) {
        self.store = store
        self.holder = holder
        self.perHost = max(1, perHost)
        self.gap = max(.zero, minimumGap)
        self.lease = lease
        self.logger = logger
    }

    /// Waits for a slot of `url`'s host and holds it; throws `CancellationError` when cancelled while waiting. Nil
    /// when the store cannot grant one (logged): the poll goes ahead under the fetcher's own limits rather than
    /// wait on a database that may stay unreachable for long.
    func enter(_ url: String) async throws -> HostSlot? {
        let host = Self.host(of: url)
        while true {
            try Task.checkCancellation()
            let grant: HostSlotGrant
            do {
                grant = try await store.takeHostSlot(host, cap: perHost, gap: gap, for: holder, lease: lease)
            } catch {
                logger.warning(
                    "cannot take a host slot in the store", metadata: ["host": "\(host)", "error": "\(error)"])
                return nil
            }
            switch grant {
            case .granted(let slot):
                held.withLock { _ = $0.insert(slot) }
                return slot
            case .wait(let wait):
                try await Task.sleep(for: min(max(wait, .milliseconds(1)), Self.recheck))
            }
        }
    }

    /// Gives `slot` back (if still held), without holding the poll up: the release runs in a task of its own.
    func leave(_ slot: HostSlot?) {
        guard let slot, held.withLock({ $0.remove(slot) }) != nil else { return }
        let store = self.store
        let logger = self.logger
        Task {
            do {
                try await store.releaseHostSlots([slot])
            } catch {
                logger.warning(
                    "cannot give back a host slot", metadata: ["host": "\(slot.host)", "error": "\(error)"])
            }
        }
    }

    /// Extends the slots of the transfers in flight (with the feeds' leases, every third of the lease).
    public func renew() async {
        let slots = held.withLock { Array($0) }
        guard !slots.isEmpty else { return }
        do {
            _ = try await store.renewHostSlots(slots, lease: lease)
        } catch {
            logger.warning("cannot renew the host slots in flight", metadata: ["error": "\(error)"])
        }
    }

    /// The host a request to `url` goes to, as libcurl counts hosts for its per-host limit: the name (lower-cased)
    /// and the port, the scheme's default when the URL names none.
    static func host(of url: String) -> String {
        guard let components = URLComponents(string: url), let name = components.host?.lowercased() else {
            return url
        }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(name):\(port)"
    }
}
