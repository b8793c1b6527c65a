import FeedFetching
import FeedTesting
import Foundation
import Synchronization
import Testing

@Suite("Per-host politeness: connection cap and minimum gap")
struct FetchPolitenessTests {
    @Test("never more than perHost connections to one host, seen from the server", arguments: [1, 2, 3])
    func perHostCap(perHost: Int) async throws {
        // Each response takes a moment so that, without the cap, all 8 slots would be busy with this one host.
        let server = try LoopbackServer { request in
            TestResponse(body: Data("body of \(request.path)".utf8), pace: .stall(.milliseconds(40)))
        }
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 8, perHost: perHost)
        defer { fetcher.shutdown() }

        let count = try await fetchAll(fetcher, (0..<16).map { server.url("/feed/\($0)") })

        #expect(count == 16)
        #expect(server.requests.count == 16)
        #expect(server.maxConcurrentConnections <= perHost)
        #expect(server.maxConcurrentConnections == perHost)
    }

    @Test("the default is 2 connections per host")
    func defaultCap() async throws {
        let server = try LoopbackServer { _ in TestResponse(body: Data("x".utf8), pace: .stall(.milliseconds(40))) }
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 8)
        defer { fetcher.shutdown() }

        _ = try await fetchAll(fetcher, (0..<10).map { server.url("/feed/\($0)") })

        #expect(server.maxConcurrentConnections == 2)
    }

    @Test("a busy host does not hold up fetches to another host")
    func otherHostsProceed() async throws {
        let slow = try LoopbackServer { _ in TestResponse(body: Data("slow".utf8), pace: .stall(.seconds(1))) }
        defer { slow.stop() }
        // When the fast host saw its request, taken on the server's thread: the test's own task can resume
        // seconds late while the rest of the suite keeps the cooperative threads busy, the fetcher's thread not.
        let arrival = ArrivalLog()
        let fast = try LoopbackServer { _ in
            arrival.note()
            return TestResponse(body: Data("fast".utf8))
        }
        defer { fast.stop() }
        let fetcher = FeedFetcher(concurrency: 4, perHost: 1)
        defer { fetcher.shutdown() }

        // Queued first: three to the slow host (one runs, two wait for it), then one to the fast host.
        let slowFetches = Task { try await fetchAll(fetcher, (0..<3).map { slow.url("/s\($0)") }) }
        try await waitUntil("the first request to the slow host") { !slow.requests.isEmpty }
        let started = ContinuousClock.now
        let response = try await fetcher.fetch(testRequest(fast.url("/f")))

        #expect(response.body == Data("fast".utf8))
        // Waiting behind the slow host would take a whole stall (1 s) or more; the margin below it is for a
        // loaded machine (the whole suite runs in parallel on two cores).
        #expect(try #require(arrival.instants.first) - started < .milliseconds(700))
        #expect(try await slowFetches.value == 3)
        #expect(slow.maxConcurrentConnections == 1)
    }

    @Test("waiting for a host's slot does not count towards the request's timeout")
    func queueingIsNotTimedOut() async throws {
        let server = try LoopbackServer { _ in TestResponse(body: Data("ok".utf8), pace: .stall(.milliseconds(250))) }
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 8, perHost: 1)
        defer { fetcher.shutdown() }

        // Six requests one after another take ~1.5 s, three times the 500 ms timeout each one has.
        let requests = (0..<6).map { testRequest(server.url("/feed/\($0)"), timeout: .milliseconds(500)) }
        let errors = await withTaskGroup(of: FetchError?.self) { group in
            for request in requests { group.addTask { await fetchError(fetcher, request) } }
            var collected: [FetchError?] = []
            for await error in group { collected.append(error) }
            return collected
        }

        #expect(errors.count == 6)
        #expect(errors.compactMap { $0 }.isEmpty, "\(errors.compactMap { $0 })")
        #expect(server.maxConcurrentConnections == 1)
    }

    @Test("requests to one host start at least the minimum gap apart")
    func minimumGap() async throws {
        let arrivals = ArrivalLog()
        let server = try LoopbackServer { _ in
            arrivals.note()
            return TestResponse(body: Data("ok".utf8))
        }
        defer { server.stop() }
        let gap = Duration.milliseconds(300)
        let fetcher = FeedFetcher(concurrency: 8, perHost: 4, minimumHostGap: gap)
        defer { fetcher.shutdown() }

        _ = try await fetchAll(fetcher, (0..<4).map { server.url("/feed/\($0)") })

        let times = arrivals.instants
        #expect(times.count == 4)
        for (earlier, later) in zip(times, times.dropFirst()) {
            // Slack for the server's side: the gap is enforced when requests are sent, and a loaded machine can
            // delay the server's thread tens of milliseconds more for one request than for the next. Without the
            // gap the four would arrive within a few milliseconds.
            #expect(later - earlier >= gap - .milliseconds(100), "\(later - earlier)")
        }
    }

    /// Fetches every URL at once; returns how many succeeded.
    private func fetchAll(_ fetcher: FeedFetcher, _ urls: [String]) async throws -> Int {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for url in urls { group.addTask { _ = try await fetcher.fetch(testRequest(url)) } }
            var count = 0
            for try await _ in group { count += 1 }
            return count
        }
    }
}

/// When the server saw each request, in order, shared between its connection threads.
private final class ArrivalLog: Sendable {
    private let times = Mutex<[ContinuousClock.Instant]>([])

    func note() { times.withLock { $0.append(.now) } }

    var instants: [ContinuousClock.Instant] { times.withLock { $0 } }
}
