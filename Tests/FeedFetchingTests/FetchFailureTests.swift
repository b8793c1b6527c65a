import FeedFetching
import FeedTesting
import Foundation
import Testing

@Suite("Transport failures: refused, timed out, too large, cut short")
struct FetchFailureTests {
    @Test("a closed port is a connect error naming the host")
    func connectionRefused() async throws {
        // A port bound but never listened on refuses connections, and stays ours for the whole test: a port freed
        // by a stopped server could be handed to a parallel test's server meanwhile.
        let port = try ReservedPort()
        defer { port.release() }
        let url = "http://127.0.0.1:\(port.number)/feed"
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, testRequest(url))

        #expect(error?.kind == .connect)
        #expect(error?.description.hasPrefix("Could not connect to 127.0.0.1") == true)
    }

    /// A response the fetcher must give up on, within the request's limits, with an error of `kind`.
    struct BoundedFailure: Sendable, CustomTestStringConvertible {
        let what: String
        let response: TestResponse
        var timeout: Duration = .seconds(5)
        var maxBodyBytes = 16 << 20
        let kind: FetchError.Kind

        var testDescription: String { what }
    }

    static let boundedFailures = [
        BoundedFailure(
            what: "a server that stalls past the timeout is a timeout error",
            response: TestResponse(body: Data("late".utf8), pace: .stall(.seconds(5))), timeout: .milliseconds(400),
            kind: .timeout),
        BoundedFailure(
            what: "a body trickling slower than the timeout allows is a timeout error",
            response: TestResponse(
                body: Data(repeating: UInt8(ascii: "a"), count: 100),
                pace: .trickle(bytes: 1, every: .milliseconds(100))),
            timeout: .milliseconds(700), kind: .timeout),
        BoundedFailure(
            what: "an endless body is cut off at the cap", response: TestResponse(pace: .endless),
            maxBodyBytes: 256 * 1024, kind: .tooLarge),
    ]

    @Test(arguments: boundedFailures)
    func boundedFailure(_ test: BoundedFailure) async throws {
        try await withServer(answering: "/feed", with: test.response) { url, fetcher in
            let started = ContinuousClock.now
            let request = testRequest(url, timeout: test.timeout, maxBodyBytes: test.maxBodyBytes)
            let error = await fetchError(fetcher, request)

            #expect(error?.kind == test.kind)
            #expect(ContinuousClock.now - started < .seconds(10), "bounded, with room for a loaded CI machine")
        }
    }

    @Test("a slow-loris body is cut off by the low-speed limit long before the whole-transfer timeout")
    func slowLoris() async throws {
        // 5 bytes/s forever-ish (2 KB would take 400 s): only the low-speed check can end this in time.
        let body = Data(repeating: UInt8(ascii: "s"), count: 2000)
        try await withServer(
            answering: "/loris", with: TestResponse(body: body, pace: .trickle(bytes: 1, every: .milliseconds(200)))
        ) { url, fetcher in
            var request = testRequest(url, timeout: .seconds(300))
            request.lowSpeedLimit = 100
            request.lowSpeedTime = .seconds(1)
            let started = ContinuousClock.now
            let error = await fetchError(fetcher, request)

            #expect(error?.kind == .timeout)
            #expect(error?.description.hasPrefix("Timed out fetching \(url):") == true)
            #expect(ContinuousClock.now - started < .seconds(60), "the low-speed limit, not the 300 s timeout")
        }
    }

    @Test("a trickle that finishes within the timeout is delivered whole")
    func trickleInTime() async throws {
        let body = Data("slow but complete".utf8)
        try await withServer(
            answering: "/drip", with: TestResponse(body: body, pace: .trickle(bytes: 4, every: .milliseconds(20)))
        ) { url, fetcher in
            let response = try await fetcher.fetch(testRequest(url))

            #expect(response.body == body)
        }
    }

    @Test("a declared Content-Length over maxBodyBytes is refused before the body is read")
    func declaredTooLarge() async throws {
        let body = Data(repeating: UInt8(ascii: "z"), count: 64 * 1024)
        try await withServer(answering: "/big", with: TestResponse(body: body)) { url, fetcher in
            let error = await fetchError(fetcher, testRequest(url, maxBodyBytes: 10_000))

            #expect(error?.kind == .tooLarge)
            #expect(error?.description.contains("10000-byte limit") == true)
        }
    }

    @Test("a small gzip body that decompresses past maxBodyBytes is refused while decoding")
    func gzipBomb() async throws {
        // 1 MiB of zeros, about 1 KiB compressed: the wire length passes the cap, the decoded body does not.
        let zipped = try Data(contentsOf: fetchingFixtures.appendingPathComponent("zeros-1MiB.gz"))
        try await withServer(
            answering: "/bomb", with: TestResponse(headers: [("Content-Encoding", "gzip")], body: zipped)
        ) { url, fetcher in
            let capped = await fetchError(fetcher, testRequest(url, maxBodyBytes: 100_000))
            let whole = try await fetcher.fetch(testRequest(url, maxBodyBytes: 2 << 20))

            #expect(zipped.count < 100_000)
            #expect(capped?.kind == .tooLarge)
            #expect(whole.body == Data(count: 1 << 20))
        }
    }

    @Test("a body cut short of its Content-Length is an error, not a truncated feed")
    func cutShort() async throws {
        let body = Data(repeating: UInt8(ascii: "q"), count: 4096)
        try await withServer(answering: "/short", with: TestResponse(body: body, pace: .cutShort(after: 100))) {
            url, fetcher in
            let error = await fetchError(fetcher, testRequest(url))

            #expect(error?.kind == .other)
            #expect(error?.description.hasPrefix("Fetching \(url) failed:") == true)
        }
    }

    @Test("an unresolvable host is a DNS error")
    func unresolvable() async {
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }

        // The resolver refuses the name itself (a label over 63 octets), so no query leaves the machine; the
        // failure still comes through libcurl's real resolver path.
        let error = await fetchError(fetcher, testRequest("http://\(unresolvableHost)/feed"))

        #expect(error?.kind == .dns)
        #expect(error?.description == "DNS lookup failed for \(unresolvableHost)")
    }
}
