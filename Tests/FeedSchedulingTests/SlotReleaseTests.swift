import FeedModel
import FeedScheduling
import FeedTesting
import Foundation
import Logging
import Testing

@testable import FeedStorage

/// A poll that ends without a document (a 304, a failure) gives its slot back before its commit, so that a run of
/// such polls is bound by the transfers and the writer, not by each commit's wait; a poll with a document keeps
/// its slot until it is stored, so that the documents held stay bounded. Another handle holds the store's write
/// lock, as a slow process would: every commit waits, and the server counts the requests made meanwhile.
@Suite(.serialized) struct SlotReleaseTests {
    static let slots = 2

    static func answer(_ request: TestRequest) -> TestResponse {
        request.path.hasPrefix("/quiet-") ? TestResponse(status: 304) : feedResponse()
    }

    /// The stored rows of `paths`, registered now.
    static func register(_ fixture: RefresherFixture, _ paths: [String]) async throws -> [FeedRecord] {
        let subscriptions = paths.map { FeedSubscription(url: fixture.server.url($0)) }
        try await fixture.store.register(subscriptions)
        return try await fixture.store.feedsToPoll(for: subscriptions).map(\.1)
    }

    /// Another handle takes the write lock and holds it until the returned lock is released.
    static func blockWriter(_ fixture: RefresherFixture) async throws -> (HeldLock, Task<Void, any Error>) {
        let other = try SQLiteFeedStore(path: fixture.path)
        let lock = HeldLock()
        let holder = Task { try await other.holdWriteLock(locked: { lock.take() }, until: { lock.isReleased }) }
        try await waitUntil("another handle holds the write lock") { lock.isHeld }
        return (lock, holder)
    }

    @Test(
        "polls without a document keep fetching while their commits wait; those with one keep their slots",
        arguments: ["/quiet-", "/busy-"])
    func batch(prefix: String) async throws {
        let quiet = prefix == "/quiet-"
        let waiting = quiet ? Self.slots * FeedRefresher.pollsPerSlot : Self.slots
        let fixture = try RefresherFixture(concurrency: Self.slots, handler: Self.answer)
        let records = try await Self.register(fixture, (0..<12).map { "\(prefix)\($0).rss" })
        let (lock, holder) = try await Self.blockWriter(fixture)
        defer { lock.release() }
        let jobs = records.map { FeedRefresher.Job(feed: $0) }
        let refresher = fixture.refresher
        let batch = Task { await refresher.refreshAll(jobs, maxInFlight: Self.slots) }
        try await waitUntil("\(waiting) polls wait for the writer") {
            fixture.store.commits.counts.unanswered == waiting
        }
        // No other poll can start while those wait: their slots are all taken.
        #expect(fixture.server.requests.count == waiting)
        lock.release()
        try await holder.value
        let reports = await batch.value
        #expect(reports.count == 12 && reports.allSatisfy { $0.outcome == (quiet ? .notModified : .updated) })
        #expect(fixture.server.requests.count == 12)
    }

    @Test("the poll loop starts more feeds while polls without a document wait for their commits")
    func loop() async throws {
        let fixture = try RefresherFixture(concurrency: Self.slots, handler: Self.answer)
        let paths = (0..<12).map { "/quiet-\($0).rss" }
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let service = PollService(
            refresher: fixture.refresher, store: fixture.store,
            feeds: paths.map { FeedSubscription(url: fixture.server.url($0)) }, defaultInterval: .seconds(600),
            maxInFlight: Self.slots, clock: fixture.clock, logger: logger, maxSleep: 3_600, random: { 0.5 })
        _ = try await Self.register(fixture, paths)
        let (lock, holder) = try await Self.blockWriter(fixture)
        defer { lock.release() }
        let task = Task { try await service.run() }
        defer { task.cancel() }
        let waiting = Self.slots * FeedRefresher.pollsPerSlot
        try await waitUntil("\(waiting) polls wait for the writer") {
            fixture.store.commits.counts.unanswered == waiting
        }
        #expect(fixture.server.requests.count == waiting && service.pollsInFlight == waiting)
        lock.release()
        try await holder.value
        try await waitUntil("every feed polled and stored") {
            try await fixture.store.feeds().allSatisfy { $0.lastOutcome == .notModified }
        }
        #expect(fixture.server.requests.count == paths.count)
        task.cancel()
        try await task.value
    }
}
