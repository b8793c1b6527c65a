import FeedFetching
import FeedTesting
import Foundation
import Testing

/// A POST asked to follow method-preserving redirects (a WebSub subscription): 307 and 308 only, under a GET's
/// redirect rules.
@Suite struct FetchPostRedirectTests {
    static let form = Array("hub.mode=subscribe&hub.topic=x".utf8)

    static func post(_ url: String, maxRedirects: Int = 5, timeout: Duration = .seconds(5)) -> FetchRequest {
        var request = testRequest(url, timeout: timeout, maxRedirects: maxRedirects)
        request.postBody = form
        request.headers = ["Content-Type": "application/x-www-form-urlencoded"]
        request.followsMethodPreservingRedirects = true
        return request
    }

    @Test("307 then 308 (one relative): every hop a POST of the same body, headers and User-Agent")
    func followsBoth() async throws {
        let server = try LoopbackServer(handler: routes(["/final": TestResponse(status: 202)]))
        defer { server.stop() }
        // The 308 points to another server (another origin), by an absolute URL.
        let chain = try LoopbackServer(
            handler: routes([
                "/hub": TestResponse(status: 307, headers: [("Location", "/moved")]),
                "/moved": TestResponse(status: 308, headers: [("Location", server.url("/final"))]),
            ]))
        defer { chain.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(Self.post(chain.url("/hub")))
        #expect(response.status == 202)
        #expect(response.finalURL == server.url("/final"))
        #expect(response.redirects.map(\.status) == [307, 308])
        #expect(response.redirects.map(\.location) == [chain.url("/moved"), server.url("/final")])
        #expect(response.redirectCount == 2)
        let hops = chain.requests + server.requests
        #expect(hops.map(\.path) == ["/hub", "/moved", "/final"])
        for hop in hops {
            #expect(hop.method == "POST")
            #expect(hop.body == Data(Self.form))
            #expect(hop.headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(hop.headers["user-agent"] == "feedd-tests/1.0")
        }
    }

    @Test("301, 302 and 303 are answers, not hops", arguments: [301, 302, 303])
    func othersReturned(status: Int) async throws {
        let server = try LoopbackServer(
            handler: routes([
                "/hub": TestResponse(status: status, headers: [("Location", "/elsewhere")]),
                "/elsewhere": TestResponse(status: 202),
            ]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(Self.post(server.url("/hub")))
        #expect(response.status == status)
        #expect(server.requests.map(\.path) == ["/hub"])
    }

    @Test("a loop stops after maxRedirects hops; a redirect off http(s) is refused before it is taken")
    func limits() async throws {
        let server = try LoopbackServer(
            handler: routes([
                "/loop": TestResponse(status: 307, headers: [("Location", "/loop")]),
                "/ftp": TestResponse(status: 308, headers: [("Location", "ftp://127.0.0.1/hub")]),
            ]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }
        let looped = await fetchError(fetcher, Self.post(server.url("/loop"), maxRedirects: 2))
        #expect(looped?.kind == .tooManyRedirects)
        #expect(server.requests.count == 3, "the first request and 2 hops")
        let ftp = await fetchError(fetcher, Self.post(server.url("/ftp")))
        #expect(ftp?.kind == .forbiddenScheme)
        #expect(server.requests.count == 4)
    }

    @Test("one time limit covers every hop")
    func oneTimeLimit() async throws {
        let server = try LoopbackServer(
            handler: routes([
                "/slow": TestResponse(
                    status: 307, headers: [("Location", "/slower")], pace: .stall(.milliseconds(1_200))),
                "/slower": TestResponse(status: 202, pace: .stall(.milliseconds(1_200))),
            ]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }
        let error = await fetchError(fetcher, Self.post(server.url("/slow"), timeout: .seconds(2)))
        #expect(error?.kind == .timeout, "each hop alone fits in the limit, both together do not")
        #expect(server.requests.map(\.path) == ["/slow", "/slower"])
    }
}
