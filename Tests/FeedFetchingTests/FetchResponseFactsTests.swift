import FeedFetching
import FeedTesting
import Foundation
import Testing

@Suite("Response facts for the scheduler: Retry-After, redirect chain, freshness, error classes")
struct FetchResponseFactsTests {
    @Test("429 and 503 carry Retry-After as delta-seconds or an HTTP-date", arguments: [429, 503])
    func retryAfterFromServer(status: Int) async throws {
        try await withServer(
            [
                "/seconds": TestResponse(status: status, headers: [("Retry-After", "120")]),
                "/date": TestResponse(status: status, headers: [("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")]),
                "/none": TestResponse(status: status),
            ], concurrency: 2
        ) { server, fetcher in
            let before = Date()
            let seconds = try await fetcher.fetch(testRequest(server.url("/seconds")))
            let after = Date()
            let date = try await fetcher.fetch(testRequest(server.url("/date")))
            let none = try await fetcher.fetch(testRequest(server.url("/none")))

            #expect(seconds.status == status)
            #expect(seconds.receivedAt >= before && seconds.receivedAt <= after)
            #expect(seconds.retryAfter == seconds.receivedAt.addingTimeInterval(120))
            #expect(date.retryAfter == Date(timeIntervalSince1970: 1_792_567_680))
            #expect(none.retryAfter == nil)
            #expect(FetchError.classify(seconds)?.httpStatus == status)
            #expect(FetchError.classify(seconds)?.kind == .httpStatus)
        }
    }

    @Test(
        "Retry-After is delta-seconds or an HTTP-date (HTTPDateTests has its forms) and rejects nonsense",
        arguments: [
            ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0), ("0", 1_000_000.0), ("3600", 1_003_600.0),
            ("soon", nil), ("-5", nil), ("Sun, 06 Nov 1994 25:49:37 GMT", nil), ("", nil),
        ] as [(String, Double?)])
    func retryAfterForms(value: String, expected: Double?) {
        let response = response(headers: ["retry-after": value])
        #expect(response.retryAfter == expected.map(Date.init(timeIntervalSince1970:)))
    }

    @Test(
        "Cache-Control max-age and Expires",
        arguments: [
            (["cache-control": "public, max-age=900"], 900, nil),
            (["cache-control": "max-age=\"60\", must-revalidate"], 60, nil),
            (["cache-control": "no-cache"], nil, nil),
            (["cache-control": "max-age=soon"], nil, nil),
            (["expires": "Wed, 21 Oct 2026 07:28:00 GMT"], nil, 1_792_567_680.0),
            (["expires": "0"], nil, nil),
        ] as [([String: String], Int?, Double?)])
    func freshness(headers: [String: String], maxAge: Int?, expires: Double?) {
        let response = response(headers: headers)
        #expect(response.cacheMaxAge == maxAge.map { .seconds($0) })
        #expect(response.expires == expires.map(Date.init(timeIntervalSince1970:)))
    }

    @Test("every hop of a redirect chain is reported with its status, URL and target")
    func redirectChain() async throws {
        try await withServer(
            [
                "/a": TestResponse(status: 301, headers: [("Location", "/b")]),
                "/b": TestResponse(status: 308, headers: [("Location", "/c")]),
                "/c": TestResponse(status: 302, headers: [("Location", "/d")]),
                "/d": TestResponse(status: 307, headers: [("Location", "/feed")]),
                "/feed": TestResponse(body: Data("final".utf8)),
            ], concurrency: 2
        ) { server, fetcher in
            let response = try await fetcher.fetch(testRequest(server.url("/a")))

            #expect(response.status == 200)
            #expect(
                response.redirects == [
                    FetchRedirect(status: 301, url: server.url("/a"), location: server.url("/b")),
                    FetchRedirect(status: 308, url: server.url("/b"), location: server.url("/c")),
                    FetchRedirect(status: 302, url: server.url("/c"), location: server.url("/d")),
                    FetchRedirect(status: 307, url: server.url("/d"), location: server.url("/feed")),
                ])
            #expect(response.redirects.count == response.redirectCount)
            #expect(response.redirects.last?.location == response.finalURL)
            // Only the leading permanent hops may move a subscription: to /c, not to where the temporary ones led.
            #expect(response.permanentRedirectTarget == server.url("/c"))
        }
    }

    @Test("a temporary first hop means no permanent move, and no redirect means an empty chain")
    func temporaryRedirect() async throws {
        try await withServer(
            [
                "/temp": TestResponse(status: 302, headers: [("Location", "/perm")]),
                "/perm": TestResponse(status: 301, headers: [("Location", "/feed")]),
                "/feed": TestResponse(body: Data("final".utf8)),
            ], concurrency: 2
        ) { server, fetcher in
            let viaTemporary = try await fetcher.fetch(testRequest(server.url("/temp")))
            let direct = try await fetcher.fetch(testRequest(server.url("/feed")))

            #expect(viaTemporary.redirects.map(\.status) == [302, 301])
            #expect(viaTemporary.permanentRedirectTarget == nil)
            #expect(direct.redirects.isEmpty)
            #expect(direct.permanentRedirectTarget == nil)
        }
    }

    @Test("410 is gone, a 403 challenge is a bot wall, other statuses keep their code, below 400 is no error")
    func classification() async throws {
        try await withServer(
            [
                "/gone": TestResponse(status: 410),
                "/challenge": TestResponse(status: 403, headers: [("cf-mitigated", "challenge")]),
                "/forbidden": TestResponse(status: 403),
                "/broken": TestResponse(status: 500),
                "/ok": TestResponse(body: Data("ok".utf8)),
            ], concurrency: 2
        ) { server, fetcher in
            let gone = FetchError.classify(try await fetcher.fetch(testRequest(server.url("/gone"))))
            let wall = FetchError.classify(try await fetcher.fetch(testRequest(server.url("/challenge"))))
            let forbidden = FetchError.classify(try await fetcher.fetch(testRequest(server.url("/forbidden"))))
            let broken = FetchError.classify(try await fetcher.fetch(testRequest(server.url("/broken"))))
            let fine = FetchError.classify(try await fetcher.fetch(testRequest(server.url("/ok"))))

            #expect(gone?.kind == .gone)
            #expect(gone?.httpStatus == 410)
            #expect(
                gone?.description == "HTTP 410 Gone: the server says \(server.url("/gone")) has been removed for good")
            #expect(wall?.kind == .botWall)
            #expect(wall?.httpStatus == 403)
            #expect(wall?.description.contains("bot-protection challenge") == true)
            #expect(forbidden?.kind == .httpStatus)
            #expect(forbidden?.description == "HTTP 403 Forbidden")
            #expect(broken?.kind == .httpStatus)
            #expect(broken?.httpStatus == 500)
            #expect(fine == nil)
            #expect(FetchError.classify(response(status: 304)) == nil)
            #expect(FetchError.classify(response(status: 399)) == nil)
        }
    }

    /// A response built by hand, received at 1970-01-01T00:16:40Z (10^6 s), for header-only facts.
    private func response(status: Int = 200, headers: [String: String] = [:]) -> FetchResponse {
        FetchResponse(
            status: status, finalURL: "http://example.invalid/feed", headers: headers, body: Data(),
            validators: .init(), redirectCount: 0, downloadedBytes: 0,
            timings: FetchTimings(total: .zero, connect: .zero, firstByte: .zero),
            receivedAt: Date(timeIntervalSince1970: 1_000_000))
    }
}
