import FeedApp
import FeedModel
import FeedStorage
import FeedTesting
import Foundation
import Logging
import Synchronization
import Testing

@Suite("Polls send each feed's request options: user agent, headers, proxy")
struct ApplicationRequestOptionsTests {
    @Test("the default User-Agent, a global override, and a feed's own user agent and headers reach the server")
    func userAgentAndHeaders() async throws {
        try await withFeedServer { server, folder in try await userAgentAndHeaders(server, folder) }
    }

    private func userAgentAndHeaders(_ server: LoopbackServer, _ folder: TemporaryFolder) async throws {
        let feeds = [
            FeedSubscription(url: server.url("/plain")),
            FeedSubscription(
                url: server.url("/own"), userAgent: "special/1", headers: ["X-Api-Key": "k1", "Accept": "text/xml"]),
        ]

        let stock = try await requests(Configuration(database: folder.file("a.sqlite").path, feeds: feeds), server)
        var overridden = Configuration(database: folder.file("b.sqlite").path, feeds: feeds)
        overridden.defaults.userAgent = "reader/2"
        let global = try await requests(overridden, server)

        #expect(stock["/plain"]?.headers["user-agent"] == "feedd/0.1.0 (+https://github.com/feedd/feedd)")
        #expect(stock["/plain"]?.headers["x-api-key"] == nil)
        #expect(global["/plain"]?.headers["user-agent"] == "reader/2")
        for seen in [stock["/own"], global["/own"]] {
            #expect(seen?.headers["user-agent"] == "special/1")
            #expect(seen?.headers["x-api-key"] == "k1")
            #expect(seen?.headers["accept"] == "text/xml")
        }
    }

    @Test("feeds named on the command line get their own options too, the others none of them")
    func namedFeeds() async throws {
        try await withFeedServer { server, folder in
            let feeds = [
                FeedSubscription(url: server.url("/plain")),
                FeedSubscription(url: server.url("/own"), userAgent: "special/1", headers: ["X-Api-Key": "k1"]),
                FeedSubscription(url: server.url("/other"), headers: ["X-Api-Key": "k2"]),
            ]
            let config = Configuration(database: folder.file("a.sqlite").path, feeds: feeds)
            for named in [["/own"], ["/plain", "/own"], ["/other", "/own", "/plain"]] {
                let seen = try await requests(config, server, urls: named.map { server.url($0) })
                #expect(Set(seen.keys) == Set(named))
                #expect(seen["/own"]?.headers["user-agent"] == "special/1")
                #expect(seen["/own"]?.headers["x-api-key"] == "k1")
                if named.contains("/plain") { #expect(seen["/plain"]?.headers["x-api-key"] == nil) }
                if named.contains("/other") { #expect(seen["/other"]?.headers["x-api-key"] == "k2") }
            }
        }
    }

    @Test("the global proxy carries every feed except one whose proxy is none")
    func proxies() async throws {
        let proxy = try LoopbackServer { _ in TestResponse(body: Data(Self.rss.utf8)) }
        defer { proxy.stop() }
        let origin = try LoopbackServer { _ in TestResponse(body: Data(Self.rss.utf8)) }
        defer { origin.stop() }
        let folder = try TemporaryFolder("app")
        defer { folder.remove() }
        // A name the resolver refuses without a query: only the proxy can answer it.
        var config = Configuration(
            database: folder.file("p.sqlite").path,
            feeds: [
                FeedSubscription(url: "http://\(unresolvableHost)/feed"),
                FeedSubscription(url: origin.url("/direct"), proxy: ""),
            ])
        config.defaults.proxy = proxy.baseURL

        let summary = try await Application(configuration: config, logger: Self.quiet).fetch()

        #expect(summary.failed.isEmpty)
        #expect(proxy.requests.map(\.path) == ["http://\(unresolvableHost)/feed"])
        #expect(origin.requests.map(\.path) == ["/direct"])
    }

    @Test(
        "insecure: true lets one feed through a self-signed server, with a warning naming it on every poll",
        .enabled(if: TLSTestServer.opensslPath != nil, "openssl is not installed: no self-signed server to test"))
    func insecureFeed() async throws {
        let server = try TLSTestServer(files: ["a.xml": Data(Self.rss.utf8), "b.xml": Data(Self.rss.utf8)])
        defer { server.stop() }
        let folder = try TemporaryFolder("app")
        defer { folder.remove() }
        let lax = server.url("/a.xml")
        let strict = server.url("/b.xml")
        let config = Configuration(
            database: folder.file("t.sqlite").path,
            feeds: [FeedSubscription(url: lax, insecure: true), FeedSubscription(url: strict)])
        let log = CapturedLog()
        let app = try Application(
            configuration: config, logger: Logger(label: "test") { _ in CapturingLogHandler(log: log) })

        let first = try await app.fetch()
        let second = try await app.fetch()

        for summary in [first, second] {
            #expect(summary.failed.map(\.feedURL) == [strict], "only the feed without insecure is refused")
        }
        let warnings = log.messages.filter { $0.level == .warning && $0.text.contains("insecure") }
        #expect(warnings.count == 2, "one per poll of the insecure feed")
        #expect(warnings.allSatisfy { $0.text.contains(lax) && $0.url == lax })
    }

    @Test("min_host_gap spaces the starts of requests to one host")
    func hostGap() async throws {
        let arrivals = Mutex<[ContinuousClock.Instant]>([])
        let server = try LoopbackServer { _ in
            arrivals.withLock { $0.append(.now) }
            return TestResponse(body: Data(Self.rss.utf8))
        }
        defer { server.stop() }
        let folder = try TemporaryFolder("app")
        defer { folder.remove() }
        var config = Configuration(
            database: folder.file("g.sqlite").path,
            feeds: [FeedSubscription(url: server.url("/one")), FeedSubscription(url: server.url("/two"))])
        config.defaults.minHostGap = .seconds(1)

        let summary = try await Application(configuration: config, logger: Self.quiet).fetch()

        let times = arrivals.withLock { $0 }
        #expect(summary.failed.isEmpty)
        #expect(times.count == 2)
        if times.count == 2 { #expect(times[1] - times[0] >= .milliseconds(900)) }
    }

    /// A server answering every path with one feed, and a folder for the stores.
    private func withFeedServer(_ body: (LoopbackServer, TemporaryFolder) async throws -> Void) async throws {
        let server = try LoopbackServer { _ in TestResponse(body: Data(Self.rss.utf8)) }
        defer { server.stop() }
        let folder = try TemporaryFolder("app")
        defer { folder.remove() }
        try await body(server, folder)
    }

    /// Polls every feed of `config` once, or those of `urls`; the requests the server saw, by path.
    private func requests(_ config: Configuration, _ server: LoopbackServer, urls: [String] = []) async throws
        -> [String: TestRequest]
    {
        let before = server.requests.count
        let summary = try await Application(configuration: config, logger: Self.quiet).fetch(urls: urls)
        #expect(summary.failed.isEmpty && summary.reports.count == (urls.isEmpty ? config.feeds.count : urls.count))
        return Dictionary(server.requests.dropFirst(before).map { ($0.path, $0) }) { first, _ in first }
    }

    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let rss = """
        <rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>one</title></item></channel></rss>
        """
}
