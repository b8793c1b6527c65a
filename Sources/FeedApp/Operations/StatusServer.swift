import FeedScheduling
import FeedStorage
import FlyingFox
import FlyingSocks
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// `feedd run --listen HOST:PORT`: `/healthz`, `/readyz` and `/metrics` over HTTP, for probes and Prometheus.
///
/// - `GET /healthz`: 200 while the process serves requests at all (a liveness probe).
/// - `GET /readyz`: 200 when the store answers a query and the daemon is not shutting down, else 503 with why.
/// - `GET /metrics`: the Prometheus text format (0.0.4); feed states and hook outbox depths are read from the
///   store at each scrape, so they are never stale.
struct StatusServer: Service, CustomStringConvertible {
    let address: ListenAddress
    let metrics: FeedMetrics
    let store: any FeedStore
    /// Feeds the configuration pauses, counted as `disabled` (the store does not know about pausing).
    let disabledFeeds: Int
    /// The hooks whose outbox depth is reported.
    let hooks: [HookConfiguration.Kind]
    let logger: Logger
    /// The WebSub callback's owner, when `websub.callback` is set: its routes are served here too.
    let webSub: WebSubSubscriber?
    private let stopping = StoppingFlag()

    init(
        address: ListenAddress, metrics: FeedMetrics, store: any FeedStore, disabledFeeds: Int,
        hooks: [HookConfiguration.Kind], webSub: WebSubSubscriber? = nil,
        logger: Logger
    ) {
        self.webSub = webSub
        self.address = address
        self.metrics = metrics
        self.store = store
        self.disabledFeeds = disabledFeeds
        self.hooks = hooks
        self.logger = logger
    }

    var description: String { "StatusServer(\(address))" }

    func run() async throws {
        let server = HTTPServer(address: try address.socketAddress(), logger: .disabled)
        await server.appendRoute("GET /healthz") { _ in Self.text(.ok, "ok\n") }
        await server.appendRoute("GET /readyz") { _ in await readiness() }
        await server.appendRoute("GET /metrics") { _ in await scrape() }
        if let webSub { await Self.appendWebSubRoutes(webSub, to: server) }
        logger.notice("serving /healthz, /readyz and /metrics", metadata: ["listen": "\(address)"])
        do {
            try await withGracefulShutdownHandler {
                try await server.run()
            } onGracefulShutdown: {
                stopping.set()
                Task { await server.stop(timeout: 1) }
            }
        } catch let error as SocketError {
            if stopping.isSet { return }
            throw FeedAppError.io("cannot listen on \(address): \(error)")
        } catch is CancellationError {
            // FlyingFox ends `run()` this way once stopped: the graceful shutdown asked for it.
            return
        }
    }

    func readiness() async -> HTTPResponse {
        if stopping.isSet { return Self.text(.serviceUnavailable, "shutting down\n") }
        do {
            _ = try await store.cursor(of: "")
            return Self.text(.ok, "ready\n")
        } catch {
            return Self.text(.serviceUnavailable, "store unreachable: \(error)\n")
        }
    }

    func scrape() async -> HTTPResponse {
        do {
            var states = ["ok": 0, "failing": 0, "never_polled": 0, "gone": 0, "disabled": disabledFeeds]
            for feed in try await store.feeds() {
                let state =
                    feed.isGone
                    ? "gone"
                    : feed.lastPolledAt == nil ? "never_polled" : feed.consecutiveFailures > 0 ? "failing" : "ok"
                states[state, default: 0] += 1
            }
            metrics.setFeeds(byState: states)
            if let webSub { metrics.recordWebSub(webSub.currentCounts) }
            for hook in hooks {
                metrics.setOutboxDepth(try await store.pendingCount(for: hook.consumer), hook: hook.rawValue)
            }
        } catch {
            logger.warning("metrics: the store did not answer", metadata: ["error": "\(error)"])
        }
        return HTTPResponse(
            statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: Data(metrics.exposition()))
    }

    static func text(_ status: HTTPStatusCode, _ body: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "text/plain; charset=utf-8"], body: Data(body.utf8))
    }
}

/// Set once graceful shutdown began: `/readyz` then answers 503 so a load balancer stops sending.
private final class StoppingFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
