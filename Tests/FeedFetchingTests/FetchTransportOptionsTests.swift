import FeedFetching
import FeedTesting
import Foundation
import Logging
import Testing

@Suite("Transport options: TLS verification, insecure, proxy")
struct FetchTransportOptionsTests {
    @Test(
        "a self-signed server is refused by default and accepted with insecure, which logs a warning each time",
        .enabled(if: TLSTestServer.opensslPath != nil, "openssl is not installed: no self-signed server to test"))
    func selfSigned() async throws {
        let server = try TLSTestServer(files: ["feed.xml": Data("<rss/>\n".utf8)])
        defer { server.stop() }
        let warnings = CapturedLog()
        let fetcher = FeedFetcher(
            concurrency: 2, logger: Logger(label: "test") { _ in CapturingLogHandler(log: warnings) })
        defer { fetcher.shutdown() }

        let refused = await fetchError(fetcher, testRequest(server.url("/feed.xml")))
        #expect(refused?.kind == .tls)
        #expect(refused?.description.contains("127.0.0.1") == true)
        #expect(warnings.messages.filter { $0.level >= .warning }.isEmpty)

        var insecure = testRequest(server.url("/feed.xml"))
        insecure.insecure = true
        let first = try await fetcher.fetch(insecure)
        let second = try await fetcher.fetch(insecure)

        #expect(first.status == 200)
        #expect(first.body == Data("<rss/>\n".utf8))
        #expect(second.body == first.body)
        let insecureWarnings = warnings.messages.filter { $0.level == .warning && $0.text.contains("insecure") }
        #expect(insecureWarnings.count == 2)
        #expect(insecureWarnings.allSatisfy { $0.url == server.url("/feed.xml") })
        #expect(insecureWarnings.allSatisfy { $0.text.contains(server.url("/feed.xml")) }, "the text names the feed")
    }

    @Test(
        "an HTTPS server offering HTTP/2 gets concurrent fetches of one host as streams on one connection",
        .enabled(if: TLSTestServer.runsHTTP2Tests, "openssl or nginx is not installed: no HTTP/2 server to test"))
    func http2Multiplexing() async throws {
        let names = (1...12).map { "f\($0).xml" }
        let server = try TLSTestServer(
            files: Dictionary(uniqueKeysWithValues: names.map { ($0, Data("<rss>\($0)</rss>".utf8)) }), http2: true)
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 12, perHost: 4)
        defer { fetcher.shutdown() }

        let bodies = try await withThrowingTaskGroup(of: (String, Data).self) { group in
            for name in names {
                var request = testRequest(server.url("/\(name)"))
                request.insecure = true
                group.addTask { (name, try await fetcher.fetch(request).body) }
            }
            return try await group.reduce(into: [String: Data]()) { $0[$1.0] = $1.1 }
        }

        #expect(bodies == Dictionary(uniqueKeysWithValues: names.map { ($0, Data("<rss>\($0)</rss>".utf8)) }))
        let log = server.accessLog
        #expect(log.count == 12)
        #expect(log.allSatisfy { $0.hasPrefix("HTTP/2.0 ") }, "\(log)")
        // Four may run at once, yet one connection carries them all: multiplexed streams, and new transfers wait
        // for the first handshake (PIPEWAIT) instead of opening connections of their own.
        let connections = Set(
            log.compactMap { $0.split(separator: " ").dropFirst().first?.split(separator: "/").first })
        #expect(connections.count == 1, "\(log)")
    }

    @Test("an explicit proxy receives the request in absolute form; the origin is never resolved")
    func explicitProxy() async throws {
        let proxy = try LoopbackServer { request in
            TestResponse(body: Data("via proxy: \(request.path)".utf8))
        }
        defer { proxy.stop() }
        let fetcher = FeedFetcher(concurrency: 2)
        defer { fetcher.shutdown() }

        // A name the resolver refuses without a query: resolving it would fail the fetch, so only the proxy can
        // have answered.
        var request = testRequest("http://\(unresolvableHost)/feed.xml")
        request.proxy = proxy.baseURL
        let response = try await fetcher.fetch(request)

        #expect(response.body == Data("via proxy: http://\(unresolvableHost)/feed.xml".utf8))
        #expect(proxy.requests.first?.headers["host"] == unresolvableHost)
    }

    @Test("an empty proxy means a direct connection")
    func noProxy() async throws {
        let server = try LoopbackServer(handler: routes(["/feed": TestResponse(body: Data("direct".utf8))]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 2)
        defer { fetcher.shutdown() }

        var request = testRequest(server.url("/feed"))
        request.proxy = ""
        let response = try await fetcher.fetch(request)

        #expect(response.body == Data("direct".utf8))
        #expect(server.requests.map(\.path) == ["/feed"])
    }
}
