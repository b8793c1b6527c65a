import FeedFetching
import FeedTesting
import Foundation
import Testing

@Suite("Redirects: followed within limits, http(s) only")
struct FetchRedirectTests {
    @Test("a two-hop chain ends at the final URL with its headers and body")
    func twoHops() async throws {
        try await withServer(
            [
                "/old": TestResponse(status: 301, headers: [("Location", "/moved"), ("X-Hop", "first")]),
                "/moved": TestResponse(status: 302, headers: [("Location", "/feed"), ("X-Hop", "second")]),
                "/feed": TestResponse(headers: [("ETag", "\"final\"")], body: Data("final body".utf8)),
            ], concurrency: 2
        ) { server, fetcher in
            let response = try await fetcher.fetch(testRequest(server.url("/old")))

            #expect(response.status == 200)
            #expect(response.finalURL == server.url("/feed"))
            #expect(response.redirectCount == 2)
            #expect(response.body == Data("final body".utf8))
            // Only the final hop's headers survive.
            #expect(response.headers["x-hop"] == nil)
            #expect(response.headers["location"] == nil)
            #expect(response.validators.etag == "\"final\"")
            #expect(server.requests.map(\.path) == ["/old", "/moved", "/feed"])
        }
    }

    @Test("a redirect loop stops after maxRedirects")
    func loop() async throws {
        try await withServer(["/loop": TestResponse(status: 302, headers: [("Location", "/loop")])], concurrency: 2) {
            server, fetcher in
            let error = await fetchError(fetcher, testRequest(server.url("/loop"), maxRedirects: 3))

            #expect(error?.kind == .tooManyRedirects)
            #expect(error?.description.contains("more than 3 times") == true)
            #expect(server.requests.count == 4)
        }
    }

    @Test(
        "redirects to other schemes are refused",
        arguments: ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1/1"])
    func foreignScheme(target: String) async throws {
        try await withServer(["/jump": TestResponse(status: 302, headers: [("Location", target)])], concurrency: 2) {
            server, fetcher in
            let error = await fetchError(fetcher, testRequest(server.url("/jump")))

            #expect(error?.kind == .forbiddenScheme)
            #expect(server.requests.count == 1)
        }
    }

    @Test(
        "every hop is checked: a forbidden scheme after two allowed hops is refused",
        arguments: ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml"])
    func foreignSchemeOnLaterHop(target: String) async throws {
        try await withServer(
            [
                "/first": TestResponse(status: 301, headers: [("Location", "/second")]),
                "/second": TestResponse(status: 302, headers: [("Location", target)]),
            ], concurrency: 2
        ) { server, fetcher in
            let error = await fetchError(fetcher, testRequest(server.url("/first")))

            #expect(error?.kind == .forbiddenScheme)
            #expect(error?.description.contains("only http and https") == true)
            #expect(server.requests.map(\.path) == ["/first", "/second"])
        }
    }

    @Test("a lone 301 is reported as a permanent move, a lone 302 is not")
    func permanentVersusTemporary() async throws {
        try await withServer(
            [
                "/moved": TestResponse(status: 301, headers: [("Location", "/feed")]),
                "/elsewhere": TestResponse(status: 302, headers: [("Location", "/feed")]),
                "/feed": TestResponse(body: Data("final".utf8)),
            ], concurrency: 2
        ) { server, fetcher in
            // Three polls of the moved feed: the fetcher reports the move every time (the scheduler counts them).
            for _ in 0..<3 {
                let moved = try await fetcher.fetch(testRequest(server.url("/moved")))
                #expect(moved.body == Data("final".utf8))
                #expect(moved.permanentRedirectTarget == server.url("/feed"))
            }
            let temporary = try await fetcher.fetch(testRequest(server.url("/elsewhere")))

            #expect(temporary.body == Data("final".utf8))
            #expect(temporary.finalURL == server.url("/feed"))
            #expect(temporary.permanentRedirectTarget == nil)
        }
    }

    @Test("a non-http URL is refused before anything is read", arguments: ["file:///etc/passwd", "ftp://127.0.0.1/"])
    func foreignSchemeUpFront(url: String) async {
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, testRequest(url))

        #expect(error?.kind == .forbiddenScheme)
        #expect(error?.description.contains("only http and https") == true)
    }
}
