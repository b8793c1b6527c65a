import FeedModel
import FeedTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import FeedStorage

/// A log handler that keeps every message, to count how often a decision is logged.
final class RecordingLogHandler: LogHandler, Sendable {
    private struct State {
        var messages: [String] = []
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
    }

    private let state = Mutex(State())

    /// Every message logged so far, in order.
    var messages: [String] { state.withLock { $0.messages } }

    var metadata: Logger.Metadata {
        get { state.withLock { $0.metadata } }
        set { state.withLock { $0.metadata = newValue } }
    }

    var logLevel: Logger.Level {
        get { state.withLock { $0.logLevel } }
        set { state.withLock { $0.logLevel = newValue } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { state.withLock { $0.metadata[key] } }
        set { state.withLock { $0.metadata[key] = newValue } }
    }

    func log(event: LogEvent) {
        state.withLock { $0.messages.append("\(event.message)") }
    }
}

@Suite("GUID churn") struct GUIDChurnTests {
    let url = "https://churn.example/rss"

    /// Items whose links stay the same while the guid changes with every `build`.
    func document(build: Int, count: Int = 5) -> [Item] {
        (0..<count).reversed().map {
            Item(
                id: "urn:build-\(build):item-\($0)", url: "https://churn.example/post/\($0)", title: "Post \($0)",
                contentHTML: "<p>Post number \($0)</p>")
        }
    }

    @Test(
        "a feed that re-issues every guid is matched by link from the refresh that shows it, logged once",
        arguments: backends)
    func switchesToLinks(_ backend: StoreBackend) async throws {
        let handler = RecordingLogHandler()
        let logger = Logger(label: "test", factory: { _ in handler })
        try await withStore(backend, storyWindow: .seconds(86_400), logger: logger) { store async throws in
            #expect(try await store.commit(updated(url, document(build: 1))).newItems == 5)
            // Every later build re-issues every guid: nothing is new, and the decision is logged once.
            for build in 2...6 {
                let summary = try await store.commit(updated(url, document(build: build), at: build * 60))
                #expect(summary.newItems == 0, "build \(build)")
            }
            // A genuinely new post still arrives, once.
            var next = document(build: 7, count: 6)
            #expect(try await store.commit(updated(url, next, at: 420)).newItems == 1)
            next = document(build: 8, count: 6)
            #expect(try await store.commit(updated(url, next, at: 480)).newItems == 0)
            #expect(try await store.items(after: 0, limit: nil).count == 6)
            #expect(handler.messages.filter { $0.contains("re-issues its guids") }.count == 1)
            if let store = store as? SQLiteFeedStore {
                let policy = try await store.read("policy") { db in
                    try String.fetchOne(db, sql: "SELECT policy FROM feed_key_policy")
                }
                #expect(policy == "link")
            }
            // Stable: a later document with the original guids again (the feed stopped churning) adds nothing.
            #expect(try await store.commit(updated(url, document(build: 1), at: 600)).newItems == 0)
        }
    }

    @Test(
        "too little evidence keeps guid keys: one re-posted article, or a feed too small to tell",
        arguments: backends, [(reissued: 1, total: 5), (reissued: 2, total: 2), (reissued: 3, total: 5)])
    func keepsGUIDs(_ backend: StoreBackend, _ evidence: (reissued: Int, total: Int)) async throws {
        let (reissued, total) = evidence
        try await withStore(backend) { store async throws in
            _ = try await store.commit(updated(url, document(build: 1, count: total)))
            var next = document(build: 1, count: total)
            for index in 0..<reissued { next[index].id = "urn:reposted-\(index)" }
            // A re-posted article with a new guid is a new item under guid keys.
            #expect(try await store.commit(updated(url, next, at: 60)).newItems == reissued)
            // Still matched by guid: the original items, listed again, are not new.
            #expect(try await store.commit(updated(url, document(build: 1, count: total), at: 120)).newItems == 0)
            if let store = store as? SQLiteFeedStore {
                let policy = try await store.read("policy") { db in
                    try String.fetchOne(db, sql: "SELECT policy FROM feed_key_policy")
                }
                #expect(policy == nil)
            }
        }
    }
}
