import FeedFetching
import FeedTesting
import Foundation
import Testing

/// POST for webhooks: the body and headers arrive whole; redirects are not followed.
@Suite struct FetchPostTests {
    @Test("a POST carries its body and headers; the answer comes back like any response")
    func postsTheBody() async throws {
        let server = try LoopbackServer(handler: routes(["/hook": TestResponse(status: 202)]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }
        let payload = Array((0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        var request = testRequest(server.url("/hook"))
        request.postBody = payload
        request.headers = ["Content-Type": "application/x-ndjson"]
        let response = try await fetcher.fetch(request)
        #expect(response.status == 202)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.headers["content-type"] == "application/x-ndjson")
        #expect(received.body == Data(payload), "every byte, in order")
    }

    @Test("an empty POST sends Content-Length 0, and a redirect answer is returned, not followed")
    func emptyAndRedirected() async throws {
        let server = try LoopbackServer(
            handler: routes([
                "/moved": TestResponse(status: 302, headers: [("Location", "/elsewhere")]),
                "/elsewhere": TestResponse(status: 200),
            ]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }
        var request = testRequest(server.url("/moved"))
        request.postBody = []
        let response = try await fetcher.fetch(request)
        #expect(response.status == 302)
        #expect(server.requests.map(\.path) == ["/moved"])
        #expect(server.requests.first?.headers["content-length"] == "0")
    }
}
