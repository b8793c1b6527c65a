// StoreBench CORPUS_FEEDS_DIR N STORE_PATH — the store's insert throughput on the first N feeds of the shared
// corpus (Benchmarks/bench_store.sh runs it; Benchmarks/README.md explains the figures).
//
// The feeds are read and parsed first (not timed); then every feed is committed to a new SQLiteFeedStore at
// STORE_PATH, one refresh (one transaction) per feed, as `feedd fetch` does: identity keys, JSON encoding,
// story signatures and indexes, retention off. The reference, measured in the same run on the same items: the
// same JSON rows (written by the same ItemJSON writer the store uses) inserted into a bare SQLite table (WAL,
// synchronous=FULL, one transaction per feed, no index but the rowid), the floor any store on SQLite pays.
// Prints one JSON line.
import FeedModel
import FeedParsing
import FeedStorage
import Foundation
import GRDB

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: StoreBench CORPUS_FEEDS_DIR N STORE_PATH\n".utf8))
    exit(2)
}
let directory = arguments[1]
let storePath = arguments[3]

var feeds: [(url: String, feed: Feed)] = []
for index in 0..<count {
    let name = String(format: "%04d.xml", index)
    let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
    let url = "http://127.0.0.1:8765/feeds/\(name)"
    feeds.append((url, try FeedParser().parse(data, url: url)))
}
let itemsInCorpus = feeds.reduce(0) { $0 + $1.feed.items.count }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// CPU seconds of the whole process (all threads: GRDB writes on its own queue). On a machine shared with other
/// jobs, wall time measures the neighbours too; CPU time measures the work.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

func removeStore(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

let clock = ContinuousClock()
let polledAt = Date(timeIntervalSince1970: 1_780_000_000)

// feedd's store.
removeStore(storePath)
let store = try SQLiteFeedStore(path: storePath)
var stored = 0
var cpu = cpuSeconds()
let insert = try await clock.measure {
    for (url, feed) in feeds {
        let refresh = FeedRefresh(feedURL: url, polledAt: polledAt, result: .updated(feed, bodyHash: url))
        stored += try await store.commit(refresh).newItems
    }
}
let insertCPU = cpuSeconds() - cpu
var known = 0
cpu = cpuSeconds()
let recommit = try await clock.measure {
    for (url, feed) in feeds {
        let refresh = FeedRefresh(feedURL: url, polledAt: polledAt, result: .updated(feed, bodyHash: url))
        known += try await store.commit(refresh).knownItems
    }
}

let recommitCPU = cpuSeconds() - cpu

// The reference: bare inserts of the same JSON.
let rawPath = storePath + ".raw"
removeStore(rawPath)
var configuration = Configuration()
configuration.prepareDatabase { db in
    try db.execute(sql: "PRAGMA page_size = 16384")  // the store's page size (SQLiteFeedStore.choosePageSize)
    try db.execute(sql: "PRAGMA synchronous = FULL")
}
let raw = try DatabasePool(path: rawPath, configuration: configuration)
try raw.writeWithoutTransaction { db in
    try db.execute(sql: "PRAGMA synchronous = FULL")
    try db.execute(sql: "CREATE TABLE item (seq INTEGER PRIMARY KEY, feed TEXT NOT NULL, json TEXT NOT NULL)")
}
cpu = cpuSeconds()
let reference = try await clock.measure {
    for (url, feed) in feeds {
        let rows = feed.items.map { String(decoding: ItemJSON.encode($0), as: UTF8.self) }
        try await raw.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO item (feed, json) VALUES (?, ?)")
            for json in rows { try statement.execute(arguments: [url, json]) }
        }
    }
}
let referenceCPU = cpuSeconds() - cpu
removeStore(rawPath)

let result: [String: Any] = [
    "feeds": count, "items_in_corpus": itemsInCorpus, "items_stored": stored, "known_on_recommit": known,
    "insert_s": seconds(insert), "insert_items_per_s": Double(stored) / seconds(insert),
    "recommit_s": seconds(recommit), "recommit_items_per_s": Double(known) / seconds(recommit),
    "raw_insert_s": seconds(reference), "raw_items_per_s": Double(itemsInCorpus) / seconds(reference),
    "insert_vs_raw": seconds(reference) / seconds(insert), "insert_cpu_s": insertCPU,
    "insert_items_per_cpu_s": Double(stored) / insertCPU, "recommit_cpu_s": recommitCPU, "raw_cpu_s": referenceCPU,
    "raw_items_per_cpu_s": Double(itemsInCorpus) / referenceCPU, "insert_vs_raw_cpu": referenceCPU / insertCPU,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
