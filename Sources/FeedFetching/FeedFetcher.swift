import Foundation
import Logging

/// Fetches feeds over HTTP(S) with libcurl's multi interface on one dedicated thread: up to `concurrency`
/// transfers run at once (the rest wait in arrival order), sharing one connection cache (keep-alive) and one
/// DNS cache.
public final class FeedFetcher: Sendable {
    private let engine: TransferEngine

    /// Starts the transfer thread.
    public init(concurrency: Int = 16, logger: Logger = Logger(label: "feedd.fetch")) {
        engine = TransferEngine(concurrency: concurrency, logger: logger)
        engine.start()
    }

    deinit { engine.shutdown() }

    /// Every completed HTTP exchange returns a response, whatever its status; transport failures throw.
    /// Honours Task cancellation (the transfer is removed from the multi handle).
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
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

    /// Stops the transfer thread; idempotent; pending fetches fail.
    public func shutdown() { engine.shutdown() }
}
