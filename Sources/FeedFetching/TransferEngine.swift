internal import CCurl
import Foundation
import Logging

/// The libcurl multi handle and the one thread that drives it.
///
/// Callers (any thread) talk to the engine through `state`, guarded by `condition`; the transfer thread owns the
/// multi handle, the easy handles and `running`. The continuation of a fetch is resumed by whoever removes the
/// fetch from `state.phases` (caller side: queued or early-cancelled) or from `running` (transfer thread), so it
/// is resumed exactly once. `@unchecked` because that split is by design: `state` needs a condition variable
/// (`shutdown` waits on it, which `Mutex` cannot do) and the rest is touched by the transfer thread alone.
final class TransferEngine: @unchecked Sendable {
    typealias Continuation = CheckedContinuation<Result<FetchResponse, FetchError>, Never>

    struct Job {
        var id: Int
        var request: FetchRequest
        var continuation: Continuation
        /// The request's ``FetchRequest/hostKey``, computed once outside the lock.
        var host: String
    }

    enum Phase {
        /// `fetch` has an id but has not handed over its continuation yet.
        case announced
        /// Cancelled before the continuation arrived: `submit` fails it at once.
        case cancelledEarly
        /// Waiting for a free transfer slot.
        case queued(Job)
        /// Owned by the transfer thread.
        case running
    }

    struct State {
        var phases: [Int: Phase] = [:]
        /// Queued ids per host (``FetchRequest/hostKey``), each in arrival order; ids cancelled meanwhile are
        /// skipped when drained. Kept per host so that admitting work costs O(hosts), not O(queued fetches).
        var queues: [String: [Int]] = [:]
        /// The hosts with queued fetches, in the order their oldest queued fetch arrived.
        var waitingHosts: [String] = []
        var cancelRequests: Set<Int> = []
        var nextID = 0
        var isShutdown = false
        var loopFinished = false
        /// A `curl_multi_wakeup` was sent and the transfer thread has not yet taken the work since: the next
        /// submit or cancel need not send another (1000 fetches handed over at once cost 1000 write syscalls
        /// and as many thread wake-ups otherwise).
        var wakePending = false
    }

    let condition = NSCondition()
    var state = State()
    let concurrency: Int
    /// At most this many transfers to one host (name and port) run at once; the rest wait in `state.queues`.
    let perHost: Int
    /// The least time between the starts of two requests to one host.
    let hostGap: Duration
    let logger: Logger
    let multi: UnsafeMutableRawPointer
    let share: UnsafeMutableRawPointer
    /// Transfer-thread only.
    var running: [Int: Transfer] = [:]
    /// Transfer-thread only: what each host is doing, for the per-host limit and gap.
    var hosts: [String: HostActivity] = [:]

    init(concurrency: Int, perHost: Int, hostGap: Duration, logger: Logger) {
        _ = CurlGlobal.initialized
        self.concurrency = max(1, concurrency)
        self.perHost = max(1, perHost)
        self.hostGap = max(.zero, hostGap)
        self.logger = logger
        multi = curl_multi_init()
        share = curl_share_init()
        // One DNS cache and TLS session cache for every transfer. All easy handles are used on the transfer
        // thread only, so the share needs no lock callbacks.
        _ = CCurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_DNS.rawValue))
        _ = CCurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
        // Every easy handle is added to this one multi handle, so they share its connection cache (keep-alive and
        // HTTP/2 connections are reused across fetches of one host) and, through `share`, one DNS cache.
        // HTTP/2 streams of one host multiplex over one connection (libcurl's default since 7.62, set explicitly).
        _ = CCurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        // The multi handle's connection cache is shared by its transfers; keep enough idle connections for
        // every slot so keep-alive survives a full round of fetches.
        _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(16, self.concurrency * 2))
        // The engine admits at most `perHost` transfers per host itself (so that waiting for a host does not eat
        // into a transfer's timeout); libcurl's own cap is the backstop for redirects that land on a busy host.
        _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, self.perHost)
    }

    /// Starts the transfer thread. It keeps the engine alive until it exits.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "feedd.fetch"
        thread.start()
    }

    /// Reserves an id for a fetch, or nil when the engine is shut down.
    func announce() -> Int? {
        condition.withLock {
            guard !state.isShutdown else { return nil }
            state.nextID += 1
            state.phases[state.nextID] = .announced
            return state.nextID
        }
    }

    /// How many fetches wait for a transfer slot (for tests, which act on a fetch once it is queued).
    var queuedCount: Int {
        condition.withLock {
            state.phases.values.reduce(0) { count, phase in
                if case .queued = phase { count + 1 } else { count }
            }
        }
    }

    /// Hands a fetch's continuation over; it is queued for the transfer thread unless already cancelled.
    func submit(id: Int, request: FetchRequest, continuation: Continuation) {
        let host = request.hostKey
        let failure: FetchError? = condition.withLock {
            if state.isShutdown {
                state.phases[id] = nil
                return .shutdown(url: request.url)
            }
            if case .cancelledEarly = state.phases[id] {
                state.phases[id] = nil
                return .cancelled(url: request.url)
            }
            state.phases[id] = .queued(Job(id: id, request: request, continuation: continuation, host: host))
            if state.queues[host] == nil { state.waitingHosts.append(host) }
            state.queues[host, default: []].append(id)
            wakeLocked()
            return nil
        }
        if let failure { continuation.resume(returning: .failure(failure)) }
    }

    /// Cancels a fetch wherever it is: a queued one fails here and now, a running one is removed from the multi
    /// handle by the transfer thread.
    func cancel(id: Int) {
        let job: Job? = condition.withLock {
            switch state.phases[id] {
            case .announced:
                state.phases[id] = .cancelledEarly
            case .queued(let job):
                state.phases[id] = nil
                return job
            case .running:
                state.cancelRequests.insert(id)
                wakeLocked()
            case .cancelledEarly, nil:
                break
            }
            return nil
        }
        if let job { job.continuation.resume(returning: .failure(.cancelled(url: job.request.url))) }
    }

    /// Asks the transfer thread to stop and waits until it has failed every pending fetch and freed libcurl.
    func shutdown() {
        condition.withLock {
            if !state.isShutdown {
                state.isShutdown = true
                wakeLocked()
            }
            guard Thread.current.name != "feedd.fetch" else { return }
            while !state.loopFinished { condition.wait() }
        }
    }

    /// Interrupts `curl_multi_poll`. Called with the lock held, so it never races the multi handle's cleanup.
    private func wakeLocked() {
        guard !state.loopFinished, !state.wakePending else { return }
        state.wakePending = true
        _ = curl_multi_wakeup(multi)
    }

    func markDone(_ id: Int) {
        condition.withLock { _ = state.phases.removeValue(forKey: id) }
    }
}

/// How busy one host is: the transfer thread's bookkeeping for per-host politeness.
struct HostActivity {
    /// Transfers to this host on the multi handle now.
    var active = 0
    /// No new request to this host starts before this instant (the minimum gap).
    var notBefore: ContinuousClock.Instant?
}

/// `curl_global_init` must run once before any other libcurl call; a `static let` initialiser runs exactly once,
/// thread-safely.
enum CurlGlobal {
    static let initialized: Bool = CCurl_global_init_default() == CURLE_OK
}
