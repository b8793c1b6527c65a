import FeedFetching
import FeedTesting
import Foundation
import Synchronization
import Testing

@Suite("The transfer thread: fetches in flight never hold a thread of Swift's cooperative pool")
struct FetchThreadingTests {
    @Test("while 64 stalled fetches are in flight, other tasks on the cooperative pool run to completion")
    func poolStaysFree() async throws {
        // The pool has about one thread per core (2 here): a fetch that blocked its caller's thread would let at
        // most that many fetches reach the server, and nothing else would run until their stalls ended.
        let server = try LoopbackServer { _ in TestResponse(body: Data("late".utf8), pace: .stall(.seconds(8))) }
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 64, perHost: 64)
        defer { fetcher.shutdown() }
        let finished = Tally()

        try await withThrowingTaskGroup(of: Void.self) { fetches in
            for index in 0..<64 {
                fetches.addTask {
                    _ = try await fetcher.fetch(testRequest(server.url("/\(index)"), timeout: .seconds(60)))
                    finished.add()
                }
            }
            try await waitUntil("all 64 requests in flight", timeout: .seconds(30)) { server.requests.count >= 64 }
            // Work spread over the pool, yielding often, while every fetch waits on the server.
            let sum = await withTaskGroup(of: Int.self) { work in
                for value in 1...500 {
                    work.addTask {
                        await Task.yield()
                        return value
                    }
                }
                return await work.reduce(0, +)
            }

            #expect(server.requests.count == 64, "all 64 were in flight at once")
            #expect(sum == 125_250)
            #expect(finished.value == 0, "the pool's work was done before any stalled fetch came back")
            try await fetches.waitForAll()
        }
        #expect(finished.value == 64)
    }
}

/// A counter shared by concurrent tasks.
private final class Tally: Sendable {
    private let count = Mutex(0)

    func add() { count.withLock { $0 += 1 } }

    var value: Int { count.withLock { $0 } }
}
