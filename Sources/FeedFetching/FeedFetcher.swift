import Foundation
import Logging

/// Fetches feeds over HTTP(S) with libcurl's multi interface on one dedicated thread: up to `concurrency`
/// transfers run at once, at most `perHost` of them to one host (name and port), sharing one connection cache
/// (keep-alive) and one DNS cache. The rest wait in arrival order, skipping over hosts that are busy; waiting
/// does not count towards a request's timeout.
public final class FeedFetcher: Sendable {
    private let engine: TransferEngine

    /// Starts the transfer thread.
    /// - Parameters:
    ///   - concurrency: Transfers in flight at once, over all hosts.
    ///   - perHost: Transfers in flight at once to one host, so that feedd never hammers a server.
    ///   - minimumHostGap: The least time between the starts of two requests to one host (zero: no gap).
    ///   - logger: Receives a debug line per fetch and a warning per insecure request.
    public init(
        concurrency: Int = 16, perHost: Int = 2, minimumHostGap: Duration = .zero,
        logger: Logger = Logger(label: "feedd.fetch")
    ) {
        engine = TransferEngine(
            concurrency: concurrency, perHost: perHost, hostGap: minimumHostGap, logger: logger)
        engine.start()
    }

    deinit { engine.shutdown() }

    /// Every completed HTTP exchange returns a response, whatever its status; transport failures throw.
    /// Honours Task cancellation (the transfer is removed from the multi handle).
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        if request.postBody != nil, request.followsMethodPreservingRedirects {
            return try await postFollowingRedirects(request)
        }
        return try await transfer(request)
    }

    /// One transfer through the engine, redirects left to libcurl (none for a POST).
    func transfer(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        guard let id = engine.announce() else { throw FetchError.shutdown(url: request.url) }
        let engine = self.engine
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                engine.submit(id: id, request: request, continuation: continuation)
            }
        } onCancel: {
            engine.cancel(id: id)
        }
        return try result.get()
    }

    /// How many fetches wait for a transfer slot (for tests).
    var queuedFetches: Int { engine.queuedCount }

    /// Stops the transfer thread; idempotent; pending fetches fail.
    public func shutdown() { engine.shutdown() }
}
