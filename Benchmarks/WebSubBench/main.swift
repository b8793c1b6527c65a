// `make bench-websub`: the real `feedd run --listen` subscribed to N loopback feeds through one loopback WebSub hub
// (FeedTesting's WebSubHub), which then pushes RATE updates a second for SECONDS: how long from publication to
// the item stored (the callback answers only once the push is committed, so a 202 means `dump` shows it), and the
// daemon's CPU per push, beside the wait polling alone would have had (the daemon's own next-poll times).
//
// usage: feedd-websub-bench FEEDD-BINARY [FEEDS=1000] [RATE=100] [SECONDS=30] [WORK-DIR]
import FeedModel
import FeedTesting
import Foundation
import Synchronization

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: feedd-websub-bench FEEDD [FEEDS] [RATE] [SECONDS] [DIR]\n".utf8))
    exit(2)
}
let binary = URL(fileURLWithPath: arguments[1])
let feeds = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000
let rate = arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100
let seconds = arguments.count > 4 ? Int(arguments[4]) ?? 30 : 30
let work = try arguments.count > 5 ? URL(fileURLWithPath: arguments[5]) : TemporaryFolder("websub-bench").url
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

let published = Date(timeIntervalSince1970: 1_767_225_600)
let hub = try WebSubHub(clock: SystemClock(), maximumLease: 864_000)
let base = Mutex("")
/// Each feed names the hub and itself as the topic, with one entry (the back catalogue a poll finds).
let feedServer = try LoopbackServer { request in
    let topic = base.withLock { $0 } + request.path
    let entry = HubFeed.Entry(id: topic + "#0", title: "Polled \(request.path)", updated: published)
    return TestResponse(
        status: 200, headers: [("Content-Type", "application/atom+xml")],
        body: HubFeed(topic: topic, entries: [entry]).document(hub: hub.url))
}
base.withLock { $0 = feedServer.baseURL }
let topics = (0..<feeds).map { feedServer.url("/feed/\($0).atom") }

let probe = try LoopbackServer { _ in TestResponse() }
let port = probe.port
probe.stop()
var yaml = "database: \(work.path)/feedd.sqlite\nwebsub:\n  callback: http://127.0.0.1:\(port)/websub\nfeeds:\n"
for topic in topics { yaml += "  - \(topic)\n" }
let config = work.appendingPathComponent("feedd.yaml").path
try yaml.write(toFile: config, atomically: true, encoding: .utf8)

let daemon = try ChildProcess.start(
    binary, ["run", "--config", config, "--listen", "127.0.0.1:\(port)", "--log-level", "error"],
    environment: ProcessInfo.processInfo.environment, stderr: work.appendingPathComponent("run.log"))
defer { killIfRunning(daemon) }

/// The daemon's CPU time so far (user + system), from /proc.
func cpuSeconds(_ pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return 0 }
    let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
    return ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / 100
}

let subscribing = ContinuousClock.now
try await waitUntil("\(feeds) subscriptions verified", timeout: .seconds(300)) {
    topics.allSatisfy { !hub.subscriptions(topic: $0).isEmpty }
}
let subscribed = ContinuousClock.now - subscribing

let pushes = rate * seconds
let cpuBefore = cpuSeconds(daemon.processIdentifier)
let start = ContinuousClock.now
let latencies = await withTaskGroup(of: (Duration, Int?).self) { group in
    for index in 0..<pushes {
        let topic = topics[index % feeds]
        let due = start + .milliseconds(index * 1000 / rate)
        try? await Task.sleep(until: due, clock: .continuous)
        group.addTask {
            let entry = HubFeed.Entry(id: topic + "#push\(index)", title: "Pushed \(index)", updated: Date())
            let sent = ContinuousClock.now
            let deliveries = await hub.publish(HubFeed(topic: topic, entries: [entry]))
            return (ContinuousClock.now - sent, deliveries.first?.status)
        }
    }
    var results: [(Duration, Int?)] = []
    for await result in group { results.append(result) }
    return results
}
let elapsed = ContinuousClock.now - start
let cpu = cpuSeconds(daemon.processIdentifier) - cpuBefore

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
let sorted = latencies.map { seconds($0.0) }.sorted()
let accepted = latencies.count { $0.1 == 202 }

// Polling alone: each feed's next poll as the daemon planned it (the item would wait for it).
let status = try ChildProcess.run(
    binary, ["status", "--json", "--config", config], environment: ProcessInfo.processInfo.environment)
let rows = (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]]) ?? []
let intervals = rows.compactMap { $0["interval_seconds"] as? Int }.sorted()
let active = rows.count { $0["push"] as? String == "active" }
let dump = try ChildProcess.run(
    binary, ["dump", "--config", config, "--consumer", "bench", "--peek", "--lines"],
    environment: ProcessInfo.processInfo.environment)
let stored = dump.stdout.split(separator: "\n").count

func ms(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }
print(
    "feeds \(feeds), subscribed and verified in \(String(format: "%.1f", seconds(subscribed))) s; push active on \(active)"
)
print(
    "pushes \(pushes) at \(rate)/s, sent over \(String(format: "%.1f", seconds(elapsed))) s, \(accepted) answered 202")
if !sorted.isEmpty {
    print(
        "publication to stored (visible to dump): median \(ms(sorted[sorted.count / 2])), p99 \(ms(sorted[min(sorted.count - 1, sorted.count * 99 / 100)])), max \(ms(sorted.last!))"
    )
}
print("daemon CPU during pushes: \(String(format: "%.2f", cpu)) s, \(ms(cpu / Double(max(pushes, 1)))) per push")
print("items in dump: \(stored) (\(feeds) polled + \(pushes) pushed expected)")
if !intervals.isEmpty {
    let median = intervals[intervals.count / 2]
    print(
        "polling alone: median planned interval \(median) s, so an item waits about half of it, \(median / 2) s, for a"
            + " poll (while a push is active the next poll comes 4x later)")
}
_ = await stop(daemon)
