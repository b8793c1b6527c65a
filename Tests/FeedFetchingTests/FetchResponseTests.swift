import FeedFetching
import FeedModel
import FeedTesting
import Foundation
import Testing

@Suite("Responses: status, headers, conditional requests, gzip")
struct FetchResponseTests {
    @Test("200 returns the body, lower-cased headers and the request's own headers reach the server")
    func plainOK() async throws {
        let body = Data("<rss version=\"2.0\"><channel><title>t</title></channel></rss>".utf8)
        try await withServer(
            [
                "/feed": TestResponse(
                    headers: [("Content-Type", "application/rss+xml"), ("X-Custom", "one"), ("X-Custom", "two")],
                    body: body)
            ], concurrency: 2
        ) { server, fetcher in
            var request = testRequest(server.url("/feed"))
            request.headers = ["X-Feedd-Test": "yes"]
            let response = try await fetcher.fetch(request)

            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.contentType == "application/rss+xml")
            #expect(response.headers["x-custom"] == "one, two")
            #expect(response.finalURL == server.url("/feed"))
            #expect(response.redirectCount == 0)
            #expect(response.downloadedBytes == body.count)
            #expect(response.validators.isEmpty)
            #expect(!response.isNotModified)
            #expect(response.timings.total >= response.timings.firstByte)
            let seen = try #require(server.requests.first)
            #expect(seen.method == "GET")
            #expect(seen.headers["user-agent"] == "feedd-tests/1.0")
            #expect(seen.headers["x-feedd-test"] == "yes")
            #expect(seen.headers["if-none-match"] == nil)
            #expect(seen.headers["if-modified-since"] == nil)
        }
    }

    @Test("a stored ETag is sent as If-None-Match and a match yields 304 with no body")
    func notModifiedByETag() async throws {
        try await withServer(handler: LoopbackServer.staticFiles(directory: fetchingFixtures), concurrency: 2) {
            server, fetcher in
            let first = try await fetcher.fetch(testRequest(server.url("/feed.rss")))
            let etag = try #require(first.validators.etag)
            #expect(first.status == 200)

            var again = testRequest(server.url("/feed.rss"))
            again.validators = HTTPValidators(etag: etag)
            let second = try await fetcher.fetch(again)

            #expect(second.status == 304)
            #expect(second.isNotModified)
            #expect(second.body.isEmpty)
            #expect(second.validators.etag == etag)
            #expect(server.requests.last?.headers["if-none-match"] == etag)
            #expect(server.requests.last?.headers["if-modified-since"] == nil)
        }
    }

    @Test("a stored Last-Modified is sent as If-Modified-Since and yields 304")
    func notModifiedByDate() async throws {
        try await withServer(handler: LoopbackServer.staticFiles(directory: fetchingFixtures), concurrency: 2) {
            server, fetcher in
            let first = try await fetcher.fetch(testRequest(server.url("/feed.rss")))
            let lastModified = try #require(first.validators.lastModified)

            var again = testRequest(server.url("/feed.rss"))
            again.validators = HTTPValidators(lastModified: lastModified)
            let second = try await fetcher.fetch(again)

            #expect(second.status == 304)
            #expect(second.body.isEmpty)
            #expect(server.requests.last?.headers["if-modified-since"] == lastModified)
            #expect(server.requests.last?.headers["if-none-match"] == nil)
        }
    }

    @Test("a gzip body is asked for, decompressed, and counted compressed on the wire")
    func gzipDecoded() async throws {
        let plain = try Data(contentsOf: fetchingFixtures.appendingPathComponent("feed.rss"))
        let zipped = try Data(contentsOf: fetchingFixtures.appendingPathComponent("feed.rss.gz"))
        try await withServer(handler: LoopbackServer.staticFiles(directory: fetchingFixtures), concurrency: 2) {
            server, fetcher in
            let response = try await fetcher.fetch(testRequest(server.url("/feed.rss")))

            #expect(response.headers["content-encoding"] == "gzip")
            #expect(response.body == plain)
            #expect(response.downloadedBytes == zipped.count)
            #expect(response.downloadedBytes < response.body.count)
            #expect(server.requests.first?.headers["accept-encoding"]?.contains("gzip") == true)
        }
    }

    @Test("404 is a response, and FetchError.httpStatus describes it in words")
    func notFoundIsAResponse() async throws {
        try await withServer([:], concurrency: 2) { server, fetcher in
            let response = try await fetcher.fetch(testRequest(server.url("/missing")))

            #expect(response.status == 404)
            #expect(response.body == Data("no such path\n".utf8))
            let error = FetchError.httpStatus(response.status)
            #expect(error.kind == .httpStatus)
            #expect(error.httpStatus == 404)
            #expect(error.description == "HTTP 404 Not Found")
        }
    }

    @Test(
        "status errors read as sentences",
        arguments: [(410, "HTTP 410 Gone"), (503, "HTTP 503 Service Unavailable"), (599, "HTTP 599")])
    func statusDescriptions(code: Int, text: String) {
        #expect(FetchError.httpStatus(code).description == text)
    }
}
