import FeedModel
import FeedTesting
import Foundation
import Testing

@testable import FeedApp
@testable import FeedStorage

/// The reference model of who is owed what: the feeds' documents, the versions of their items, and per consumer
/// the version of each item it has received. It knows nothing of seqs, pages or snapshots.
struct DeliveryModel {
    /// One feed's document: the keys it lists, newest first.
    struct Document {
        let url: String
        var listed: [String] = []
    }

    /// What one consumer has received.
    struct Consumer {
        let includeUpdates: Bool
        /// The version of each item it has received (the newest one).
        var received: [String: Int] = [:]
    }

    /// One item as a delivery printed it.
    struct Record: Equatable {
        var key: String
        var version: Int
        var seq: Int64
        var event: DeliveryEvent
    }

    var documents: [Document]
    /// The current version of every item ever listed.
    var versions: [String: Int] = [:]
    /// The keys the store holds now (read back after every commit).
    var stored: Set<String> = []
    /// Keys retention removed: they never come back.
    var removed: Set<String> = []
    var consumers: [String: Consumer]
    private var nextKey = 0

    init(feeds: Int, consumers: [String: Bool]) {
        documents = (0..<feeds).map { Document(url: "https://feed\($0).model.example/rss") }
        self.consumers = consumers.mapValues { Consumer(includeUpdates: $0) }
    }

    /// Changes one feed's document as a publisher would: new items on top, some listed items edited, the oldest
    /// falling off the end. Returns the refresh that stores it.
    mutating func publish(
        feed index: Int, at time: Int, retention: Retention, using random: inout SplitMix
    ) -> FeedRefresh {
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            nextKey += 1
            let key = "k\(nextKey)"
            versions[key] = 1
            documents[index].listed.insert(key, at: 0)
        }
        if documents[index].listed.count > 8 { documents[index].listed.removeLast(documents[index].listed.count - 8) }
        for _ in 0..<Int.random(in: 0...2, using: &random) {
            guard let key = documents[index].listed.randomElement(using: &random) else { break }
            versions[key, default: 1] += 1
        }
        let items = documents[index].listed.map { key in
            Item(
                id: key, url: "https://model.example/\(key)", title: "\(key) v\(versions[key] ?? 1)",
                contentText: Self.words(for: key, version: versions[key] ?? 1))
        }
        return FeedRefresh(
            feedURL: documents[index].url, polledAt: Date(timeIntervalSince1970: 1_767_225_600 + Double(time)),
            result: .updated(Feed(title: "Feed \(index)", items: items), bodyHash: "\(index)-\(time)"),
            httpStatus: 200, retention: retention)
    }

    /// Text no other item shares (so that no two items are one story), the same for a key and version each time.
    static func words(for key: String, version: Int) -> String {
        var random = SplitMix(seed: key.utf8.reduce(UInt64(version)) { $0 &* 31 &+ UInt64($1) })
        return (0..<14).map { _ in "w\(UInt32.random(in: 0..<1_000_000, using: &random))" }.joined(separator: " ")
    }

    /// Checks the store's item set after a commit: an item leaves it only by retention, only once every consumer
    /// has received it, and never comes back.
    mutating func storeHolds(_ keys: Set<String>) {
        for key in stored.subtracting(keys) {
            for (name, consumer) in consumers {
                #expect(consumer.received[key] != nil, "retention removed \(key) before \(name) received it")
            }
            removed.insert(key)
        }
        #expect(keys.isDisjoint(with: removed), "a removed item came back: \(keys.intersection(removed))")
        stored = keys
    }

    /// Checks one delivery to `name` against the model, read from the store when `snapshot` held these versions;
    /// `complete` when nothing limited it (every owed item must be there); `handed` moves what it received.
    mutating func check(
        _ records: [Record], to name: String, snapshot: [String: Int], stored: Set<String>, complete: Bool,
        handed: Bool, context: String
    ) {
        guard var consumer = consumers[name] else { return }
        let seqs = records.map(\.seq)
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count, "\(context): seqs out of order \(seqs)")
        #expect(Set(records.map(\.key)).count == records.count, "\(context): an item twice in one delivery")
        for record in records {
            #expect(record.version == snapshot[record.key], "\(context): \(record.key) not in its snapshot's form")
            if let had = consumer.received[record.key] {
                #expect(
                    consumer.includeUpdates && record.event == .updated && record.version > had,
                    "\(context): \(record.key) v\(record.version) (\(record.event)) again, had v\(had)")
            } else {
                #expect(record.event == .new, "\(context): \(record.key) first received as \(record.event)")
            }
        }
        if complete {
            let printed = Set(records.map(\.key))
            for key in stored where !printed.contains(key) {
                let had = consumer.received[key]
                #expect(had != nil, "\(context): \(key) owed as new but not delivered")
                if let had, consumer.includeUpdates {
                    #expect(had == snapshot[key], "\(context): \(key) v\(snapshot[key] ?? 0) owed, has v\(had)")
                }
            }
        }
        guard handed else { return }
        for record in records { consumer.received[record.key] = record.version }
        consumers[name] = consumer
    }

    /// The records of a dump's output in any of its formats.
    static func records(of bytes: [UInt8], format: Application.DumpOptions.Format) throws -> [Record] {
        let objects: [[String: Any]]
        switch format {
        case .array:
            objects = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
        case .lines:
            objects = try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        case .jsonfeed:
            let feed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            objects = try #require(feed["items"] as? [[String: Any]]).map { item in
                var object = try #require(item["_feedd"] as? [String: Any])
                object["id"] = item["id"]
                object["title"] = item["title"]
                return object
            }
        }
        return try objects.map(record)
    }

    static func record(_ object: [String: Any]) throws -> Record {
        let title = try #require(object["title"] as? String)
        let version = try #require(title.split(separator: "v").last.flatMap { Int($0) })
        return Record(
            key: try #require(object["id"] as? String), version: version,
            seq: try #require((object["seq"] as? NSNumber)?.int64Value),
            event: try #require((object["event"] as? String).flatMap(DeliveryEvent.init(rawValue:))))
    }
}
