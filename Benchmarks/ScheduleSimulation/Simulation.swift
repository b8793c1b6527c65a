import FeedTesting
import FeedScheduling
import Foundation

/// Runs the real ``PollPolicy`` (through ``PollPolicy/plan(_:)`` and ``PollService/earliestPoll``, as `feedd run`
/// does) over simulated feeds in virtual time.
struct Simulation {
    static let epoch = Date(timeIntervalSince1970: 1_767_225_600)
    /// Times go through `Date` (seconds since 2001 as a Double) and back: allow for the last bits that costs.
    static let float = 1e-6

    let policy: PollPolicy
    let days: Double
    var feeds: [SimulatedFeed]
    var random: SplitMix

    /// `count` feeds with rates log-uniform from `maxRate` down to `minRate` per day; `failing` and `rateLimited`
    /// are the fractions of feeds on such servers.
    init(
        policy: PollPolicy, count: Int, days: Double, minRate: Double, maxRate: Double, failing: Double,
        rateLimited: Double, seed: UInt64
    ) {
        self.policy = policy
        self.days = days
        random = SplitMix(seed: seed)
        feeds = []
        for _ in 0..<count {
            let rate = exp(log(minRate) + random.unit() * (log(maxRate) - log(minRate)))
            let draw = random.unit()
            let server: SimulatedFeed.Server =
                draw < failing ? .failing : draw < failing + rateLimited ? .rateLimited : .healthy
            feeds.append(SimulatedFeed(ratePerDay: rate, server: server, days: days, random: &random))
        }
    }

    /// Polls every feed whenever the policy says, from a start where every feed is new (polled at once, within
    /// the first 2 minutes), until `days` have passed.
    mutating func run() {
        var queue = EventQueue()
        for index in feeds.indices { queue.push(random.unit() * 120, index) }
        let end = days * 86_400
        while let (time, index) = queue.pop(), time < end {
            if let next = poll(index, at: time) { queue.push(next, index) }
        }
    }

    /// One request of feed `index` at `time`; returns when the poller will request it next.
    mutating func poll(_ index: Int, at time: Double) -> Double? {
        var feed = feeds[index]
        feed.requests += 1
        var retryAfter: Double?
        switch feed.server {
        case .failing:
            feed.failures += 1
        case .rateLimited where time < feed.windowEnd - Self.float:
            // A request inside the window the server announced: the one thing the poller must never do.
            feed.requestsInsideWindows += 1
            feed.failures += 1
            retryAfter = (feed.windowEnd - time).rounded(.up)
        case .rateLimited where random.unit() < 0.3:
            // 429 on 30 % of requests, asking for 15 min to 6 h in whole seconds (Retry-After's delta-seconds).
            let wait = (900 + random.unit() * (6 * 3_600 - 900)).rounded(.up)
            feed.windowEnd = time + wait
            feed.windowsAnnounced += 1
            feed.failures += 1
            retryAfter = wait
        default:
            feed.failures = 0
            if feed.observedSince == nil { feed.observedSince = time }
            while feed.unfetched < feed.publications.count, feed.publications[feed.unfetched] <= time {
                feed.delays.append(time - feed.publications[feed.unfetched])
                feed.seen.append(time)
                feed.unfetched += 1
            }
        }
        let now = Self.epoch.addingTimeInterval(time)
        // Only the policy's 7-day window after the baseline is handed over, as the store's query does.
        let windowStart = max(time - 7 * 86_400, feed.observedSince ?? time)
        let recent = feed.seen.drop { $0 <= windowStart }.map { Self.epoch.addingTimeInterval($0) }
        let plan = policy.plan(
            PollInputs(
                now: now, newItemTimes: recent, observedSince: feed.observedSince.map(Self.epoch.addingTimeInterval),
                consecutiveFailures: feed.failures,
                retryAfter: retryAfter.map { .milliseconds(Int64($0 * 1000)) }, random: random.unit()))
        feeds[index] = feed
        let due = PollService.earliestPoll(
            next: plan.nextDueAt, retryAfterUntil: plan.state.retryAfterUntil, gone: plan.state.gone)
        return due.map { $0.timeIntervalSince(Self.epoch) }
    }
}

/// A binary min-heap of (time, feed index).
struct EventQueue {
    private var heap: [(Double, Int)] = []

    mutating func push(_ time: Double, _ index: Int) {
        heap.append((time, index))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].0 < heap[parent].0 else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].0 < heap[smallest].0 { smallest = left }
            if right < heap.count, heap[right].0 < heap[smallest].0 { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
