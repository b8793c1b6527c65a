import FeedTesting
import Foundation
import Testing

@testable import FeedFetching

@Suite("Concurrency, keep-alive, cancellation and shutdown")
struct FetchConcurrencyTests {
    @Test("50 fetches through 8 slots all succeed, never more than 8 connections at once")
    func manyAtOnce() async throws {
        // Each response takes a moment so that the slots really fill up.
        let server = try LoopbackServer { request in
            TestResponse(body: Data("body of \(request.path)".utf8), pace: .stall(.milliseconds(30)))
        }
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 8)
        defer { fetcher.shutdown() }

        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let response = try await fetcher.fetch(testRequest(server.url("/feed/\(index)")))
                    return (index, String(decoding: response.body, as: UTF8.self))
                }
            }
            var collected: [Int: String] = [:]
            for try await (index, body) in group { collected[index] = body }
            return collected
        }

        #expect(bodies.count == 50)
        for index in 0..<50 { #expect(bodies[index] == "body of /feed/\(index)") }
        #expect(server.requests.count == 50)
        #expect(server.maxConcurrentConnections <= 8)
        #expect(server.maxConcurrentConnections >= 2)
        // Queued fetches reuse the connections of finished ones rather than opening 50.
        #expect(server.acceptedConnections < 50)
    }

    @Test("sequential fetches to one server reuse a kept-alive connection")
    func keepAlive() async throws {
        let server = try LoopbackServer(handler: routes(["/feed": TestResponse(body: Data("same".utf8))]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 4)
        defer { fetcher.shutdown() }

        for _ in 0..<5 { _ = try await fetcher.fetch(testRequest(server.url("/feed"))) }

        #expect(server.requests.count == 5)
        #expect(server.acceptedConnections == 1)
    }

    @Test(
        "cancelling the task ends a transfer promptly, before headers or mid-body, and the fetcher keeps working",
        arguments: ["before headers", "mid-body", "endless body"])
    func cancellation(stage: String) async throws {
        let pace: TestResponse.Pace =
            switch stage {
            case "before headers": .stall(.seconds(10))
            case "mid-body": .trickle(bytes: 10, every: .milliseconds(200))
            default: .endless
            }
        let server = try LoopbackServer(
            handler: routes([
                "/stuck": TestResponse(body: Data(repeating: 0x41, count: 10_000), pace: pace),
                "/ok": TestResponse(body: Data("ok".utf8)),
            ]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 2)
        defer { fetcher.shutdown() }

        let task = Task {
            await fetchError(fetcher, testRequest(server.url("/stuck"), timeout: .seconds(30), maxBodyBytes: 1 << 40))
        }
        try await waitUntil("the first request") { !server.requests.isEmpty }
        try await Task.sleep(for: .milliseconds(100))
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let error = await task.value

        #expect(error?.kind == .cancelled)
        #expect(ContinuousClock.now - cancelledAt < .seconds(1))
        let after = try await fetcher.fetch(testRequest(server.url("/ok")))
        #expect(after.body == Data("ok".utf8))
    }

    @Test("a fetch waiting for a slot can be cancelled without disturbing the running one")
    func cancelQueued() async throws {
        let server = try LoopbackServer(
            handler: routes([
                "/slow": TestResponse(body: Data("slow".utf8), pace: .stall(.seconds(3))),
                "/ok": TestResponse(body: Data("ok".utf8)),
            ]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }

        let running = Task { try await fetcher.fetch(testRequest(server.url("/slow"))) }
        try await waitUntil("the first request") { !server.requests.isEmpty }
        let queued = Task { await fetchError(fetcher, testRequest(server.url("/slow"))) }
        try await waitUntil("the second fetch waiting for the slot") { fetcher.queuedFetches == 1 }
        queued.cancel()

        #expect(await queued.value?.kind == .cancelled)
        #expect(try await running.value.body == Data("slow".utf8))
        // Waiting fetches start in arrival order: had the cancelled one stayed queued, it would reach the server
        // before this later fetch does.
        #expect(try await fetcher.fetch(testRequest(server.url("/ok"))).body == Data("ok".utf8))
        #expect(server.requests.map(\.path) == ["/slow", "/ok"])
    }

    @Test("an already-cancelled task fails without a request")
    func cancelledBeforeStart() async throws {
        let server = try LoopbackServer(handler: routes([:]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }

        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await fetchError(fetcher, testRequest(server.url("/feed")))
        }

        #expect(await task.value?.kind == .cancelled)
        #expect(server.requests.isEmpty)
    }

    @Test("shutdown fails pending fetches, is idempotent, and later fetches fail at once")
    func shutdown() async throws {
        let server = try LoopbackServer(
            handler: routes(["/stuck": TestResponse(body: Data("x".utf8), pace: .stall(.seconds(10)))]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)

        let running = Task { await fetchError(fetcher, testRequest(server.url("/stuck"), timeout: .seconds(30))) }
        let queued = Task { await fetchError(fetcher, testRequest(server.url("/stuck"), timeout: .seconds(30))) }
        try await waitUntil("one fetch running, one waiting") { !server.requests.isEmpty && fetcher.queuedFetches == 1 }
        fetcher.shutdown()
        fetcher.shutdown()

        #expect(await running.value?.kind == .cancelled)
        #expect(await queued.value?.kind == .cancelled)
        let late = await fetchError(fetcher, testRequest(server.url("/stuck")))
        #expect(late?.description.contains("shut down") == true)
    }
}
