import FeedModel
import FeedTesting
import Foundation
import GRDB
import Logging
import Synchronization
import Testing

@testable import FeedApp
@testable import FeedStorage

/// Random sequences of refreshes (new items, edits, retention), dumps of every kind (limits, page sizes, formats,
/// collapsed stories), peeks and acks, and hook batches, each checked against ``DeliveryModel``; some refreshes
/// commit between a reader's snapshot and its cursor's advance, as a poller running beside a dump would.
@Suite("Delivery against a reference model") struct DeliveryModelTests {
    /// Collects a dump's output; at its first write another writer commits `interference` (after the dump's
    /// snapshot was taken, before its cursor moves).
    final class InterferingSink: ByteSink {
        var bytes: [UInt8] = []
        var interference: (() throws -> Void)?

        func write(_ bytes: [UInt8]) throws {
            self.bytes += bytes
            if let interference {
                self.interference = nil
                try interference()
            }
        }

        func flush() throws {}
    }

    struct HookDown: Error {}

    static let consumers = ["plain": false, "updates": true, HookConfiguration.Kind.command.consumer: false]
    static let silent = Logger(label: "model") { _ in SwiftLogNoOpLogHandler() }

    @Test(
        "every item once per consumer, edits as new until received, over 2,500 random operations a seed",
        arguments: [1, 2, 3, 4] as [UInt64])
    func randomOperations(seed: UInt64) async throws {
        let folder = try TemporaryFolder("model")
        defer { folder.remove() }
        let path = folder.file("feedd.sqlite").path
        let store = try SQLiteFeedStore(path: path)
        let app = try Application(configuration: Configuration(database: path), logger: Self.silent)
        var model = DeliveryModel(feeds: 3, consumers: Self.consumers)
        for name in Self.consumers.keys { _ = try await store.startConsumer(name) }
        var random = SplitMix(seed: seed)
        var time = 0
        func nextRefresh() -> FeedRefresh {
            time += 60
            let retention = Bool.random(using: &random) ? Retention(maxItems: 6) : Retention()
            return model.publish(
                feed: Int.random(in: 0..<3, using: &random), at: time, retention: retention, using: &random)
        }
        func storedKeys() async throws -> Set<String> {
            try await store.read("read the ids") { db in
                // The model's items link to https://model.example/KEY (the JSON column is compressed).
                Set(try String.fetchAll(db, sql: "SELECT url FROM item").map { String($0.split(separator: "/").last!) })
            }
        }
        for step in 0..<2_500 {
            let context = "seed \(seed), step \(step)"
            let (versions, stored) = (model.versions, model.stored)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<40:
                _ = try await store.commit(nextRefresh())
            case 40..<70:
                let name = Bool.random(using: &random) ? "plain" : "updates"
                var options = Application.DumpOptions(
                    consumer: name, format: Application.DumpOptions.Format.allCases.randomElement(using: &random)!,
                    limit: Bool.random(using: &random) ? nil : Int.random(in: 1...6, using: &random),
                    includeUpdates: model.consumers[name]!.includeUpdates)
                options.pageSize = Int.random(in: 1...5, using: &random)
                options.collapseStories = Int.random(in: 0..<5, using: &random) == 0
                let sink = InterferingSink()
                if Int.random(in: 0..<3, using: &random) == 0 {
                    let refresh = nextRefresh()
                    sink.interference = { try Self.commitNow(refresh, to: store) }
                }
                try await app.dump(options, to: sink)
                model.check(
                    try DeliveryModel.records(of: sink.bytes, format: options.format), to: name, snapshot: versions,
                    stored: stored, complete: options.limit == nil, handed: true, context: "\(context), dump")
            case 70..<85:
                let interference = Int.random(in: 0..<3, using: &random) == 0 ? nextRefresh() : nil
                let failing = Int.random(in: 0..<4, using: &random) == 0
                let batch = Mutex<[UInt8]>([])
                let hook = HookService.Hook(
                    kind: .command, target: "model",
                    settings: HookSettings(batchSize: Int.random(in: 1...7, using: &random)),
                    deliver: { bytes, _ in
                        batch.withLock { $0 = bytes }
                        if let interference { try Self.commitNow(interference, to: store) }
                        if failing { throw HookDown() }
                    })
                let service = HookService(hooks: [hook], store: store, clock: SystemClock(), logger: Self.silent)
                do {
                    _ = try await service.deliverBatch(hook)
                } catch is HookDown {}
                model.check(
                    try DeliveryModel.records(of: batch.withLock { $0 }, format: .lines), to: hook.consumer,
                    snapshot: versions, stored: stored, complete: false, handed: !failing, context: "\(context), hook")
            default:
                let name = Bool.random(using: &random) ? "plain" : "updates"
                let options = Application.DumpOptions(
                    consumer: name, format: .lines, peek: true,
                    limit: Bool.random(using: &random) ? nil : Int.random(in: 1...6, using: &random),
                    includeUpdates: model.consumers[name]!.includeUpdates)
                let sink = InterferingSink()
                try await app.dump(options, to: sink)
                let records = try DeliveryModel.records(of: sink.bytes, format: .lines)
                model.check(
                    records, to: name, snapshot: versions, stored: stored, complete: options.limit == nil,
                    handed: false, context: "\(context), peek")
                for _ in 0..<Int.random(in: 0...2, using: &random) { _ = try await store.commit(nextRefresh()) }
                if let acked = records.randomElement(using: &random) {
                    try await app.acknowledge(consumer: name, seq: acked.seq)
                    model.check(
                        records.filter { $0.seq <= acked.seq }, to: name, snapshot: versions, stored: stored,
                        complete: false, handed: true, context: "\(context), ack")
                }
            }
            model.storeHolds(try await storedKeys())
        }
        try await finish(&model, app: app, store: store, context: "seed \(seed), end")
    }

    /// Hands every consumer the rest, then checks that each received every item ever stored, and the consumer of
    /// updates the current version of each.
    func finish(_ model: inout DeliveryModel, app: Application, store: SQLiteFeedStore, context: String) async throws {
        for name in ["plain", "updates"] {
            let sink = InterferingSink()
            try await app.dump(
                Application.DumpOptions(
                    consumer: name, format: .lines, includeUpdates: model.consumers[name]!.includeUpdates), to: sink)
            model.check(
                try DeliveryModel.records(of: sink.bytes, format: .lines), to: name, snapshot: model.versions,
                stored: model.stored, complete: true, handed: true, context: context)
        }
        let batch = Mutex<[UInt8]>([])
        let hook = HookService.Hook(
            kind: .command, target: "model", settings: HookSettings(batchSize: 1_000_000),
            deliver: { bytes, _ in batch.withLock { $0 = bytes } })
        _ = try await HookService(hooks: [hook], store: store, clock: SystemClock(), logger: Self.silent)
            .deliverBatch(hook)
        model.check(
            try DeliveryModel.records(of: batch.withLock { $0 }, format: .lines), to: hook.consumer,
            snapshot: model.versions, stored: model.stored, complete: true, handed: true, context: context)
        #expect(model.versions.count > 1_000, "the sequence stored enough items to mean something")
        #expect(try await store.verify().isEmpty, "\(context): feedd check")
        for (name, consumer) in model.consumers {
            let missing = Set(model.versions.keys).subtracting(consumer.received.keys)
            #expect(missing.isEmpty, "\(context): \(name) never received \(missing.sorted().prefix(5))")
            guard consumer.includeUpdates else { continue }
            let stale = model.stored.filter { consumer.received[$0] != model.versions[$0] }
            #expect(stale.isEmpty, "\(context): \(name) lacks the last version of \(stale.sorted().prefix(5))")
        }
    }

    /// Commits a refresh synchronously through a second writer on the same file, from inside a dump's output or
    /// a hook's delivery: the same commit code a poll runs.
    static func commitNow(_ refresh: FeedRefresh, to store: SQLiteFeedStore) throws {
        guard case .updated(let feed, _) = refresh.result else { return }
        let writer = try DatabaseQueue(path: store.path)
        try writer.write { db in
            let known = try SQLiteFeedStore.knownItems(of: refresh.feedURL, in: db)
            let prepared = try SQLiteFeedStore.prepare(
                SQLiteFeedStore.distinctItems(of: feed, policy: known.policy), skipping: known.hashes,
                refresh: refresh, storyWindow: store.storyWindow)
            _ = try store.stories.withLock { stories in
                try SQLiteFeedStore.commit(refresh, prepared: prepared, stories: &stories, in: db)
            }
        }
    }
}
