import FeedTesting
import Foundation
import Testing

/// libcurl reads `http_proxy`, `https_proxy` and `no_proxy` from the process environment when a request sets no
/// proxy of its own. Changing this test process's environment would reroute the parallel tests' requests (and
/// setenv is not thread-safe), so these run the fetcher in a child process: the `feedd-fetch-bench` executable,
/// which uses FeedFetching alone and leaves the proxy to the environment, as feedd does by default.
@Suite("Proxies from the environment: http_proxy, https_proxy, no_proxy")
struct FetchProxyEnvironmentTests {
    @Test("http_proxy receives an http request in absolute form; the origin is never resolved")
    func httpProxy() throws {
        let proxy = try LoopbackServer { request in TestResponse(body: Data("via proxy: \(request.path)".utf8)) }
        defer { proxy.stop() }

        // A name the resolver refuses without a query: resolving it would fail the fetch, so only the proxy can
        // have answered.
        let run = try FetchBenchProcess.run(
            urls: ["http://\(unresolvableHost)/feed.xml"], environment: ["http_proxy": proxy.baseURL])

        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"200\": 1"))
        #expect(proxy.requests.map(\.path) == ["http://\(unresolvableHost)/feed.xml"])
        #expect(proxy.requests.first?.headers["host"] == unresolvableHost)
    }

    @Test("https_proxy is asked to CONNECT to the origin's host and port")
    func httpsProxy() throws {
        // The loopback server cannot tunnel, so the fetch fails after the CONNECT: what matters is who was asked.
        let proxy = try LoopbackServer { _ in TestResponse(status: 403) }
        defer { proxy.stop() }

        let run = try FetchBenchProcess.run(
            urls: ["https://\(unresolvableHost)/feed.xml"], environment: ["https_proxy": proxy.baseURL])

        #expect(run.status == 1)
        #expect(proxy.requests.map(\.method) == ["CONNECT"])
        #expect(proxy.requests.first?.path == "\(unresolvableHost):443")
    }

    @Test("no_proxy sends a listed host directly, past the proxy")
    func noProxy() throws {
        let proxy = try LoopbackServer { _ in TestResponse(status: 502) }
        defer { proxy.stop() }
        let origin = try LoopbackServer(handler: routes(["/feed.xml": TestResponse(body: Data("direct".utf8))]))
        defer { origin.stop() }

        let run = try FetchBenchProcess.run(
            urls: [origin.url("/feed.xml")], environment: ["http_proxy": proxy.baseURL, "no_proxy": "127.0.0.1"])

        #expect(run.status == 0, "\(run.stderr)")
        #expect(origin.requests.map(\.path) == ["/feed.xml"])
        #expect(proxy.requests.isEmpty)
    }
}

/// Runs the built `feedd-fetch-bench` over a list of URLs with a clean environment plus `environment`.
enum FetchBenchProcess {
    static let binary = BuiltExecutable.url("feedd-fetch-bench")

    static func run(urls: [String], environment: [String: String]) throws -> ProcessOutput {
        let folder = try TemporaryFolder("proxy")
        defer { folder.remove() }
        let list = folder.file("urls")
        try (urls.joined(separator: "\n") + "\n").write(to: list, atomically: true, encoding: .utf8)
        // Only what is given: a proxy variable set where the tests run must not leak into the child.
        return try ChildProcess.run(
            binary, [list.path, "--concurrency", "2"],
            environment: environment.merging(["PATH": "/usr/bin:/bin"]) { given, _ in given })
    }
}
