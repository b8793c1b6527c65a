import FeedFetching
import FeedTesting
import Foundation

/// Where this suite's fixtures live, located from the source file (Package.swift declares no resources).
let fetchingFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/fetching")

/// A request with this suite's user agent and test-sized limits: nothing here should wait for long.
func testRequest(
    _ url: String, timeout: Duration = .seconds(5), maxBodyBytes: Int = 16 << 20, maxRedirects: Int = 5
) -> FetchRequest {
    FetchRequest(
        url: url, userAgent: "feedd-tests/1.0", connectTimeout: .seconds(2), timeout: timeout,
        maxBodyBytes: maxBodyBytes, maxRedirects: maxRedirects)
}

/// The fetch's error, or nil when it succeeded.
func fetchError(_ fetcher: FeedFetcher, _ request: FetchRequest) async -> FetchError? {
    do {
        _ = try await fetcher.fetch(request)
        return nil
    } catch {
        return error
    }
}

/// A loopback server that answers through `handler` and a fetcher of `concurrency` transfers at a time, both stopped
/// once `body` returns.
func withServer<T>(
    handler: @escaping @Sendable (TestRequest) -> TestResponse, concurrency: Int = 1,
    _ body: (_ server: LoopbackServer, _ fetcher: FeedFetcher) async throws -> T
) async throws -> T {
    let server = try LoopbackServer(handler: handler)
    defer { server.stop() }
    let fetcher = FeedFetcher(concurrency: concurrency)
    defer { fetcher.shutdown() }
    return try await body(server, fetcher)
}

/// As ``withServer(handler:concurrency:_:)``, the server answering by `table` (``routes(_:)``).
func withServer<T>(
    _ table: [String: TestResponse], concurrency: Int = 1,
    _ body: (_ server: LoopbackServer, _ fetcher: FeedFetcher) async throws -> T
) async throws -> T {
    try await withServer(handler: routes(table), concurrency: concurrency, body)
}

/// As ``withServer(handler:concurrency:_:)`` with one response at `path`; `body` gets its URL.
func withServer<T>(
    answering path: String, with response: TestResponse,
    _ body: (_ url: String, _ fetcher: FeedFetcher) async throws -> T
) async throws -> T {
    try await withServer([path: response]) { server, fetcher in try await body(server.url(path), fetcher) }
}

/// A handler that answers by exact path, 404 for anything else.
func routes(_ table: [String: TestResponse]) -> @Sendable (TestRequest) -> TestResponse {
    { request in table[request.path] ?? TestResponse(status: 404, body: Data("no such path\n".utf8)) }
}
