import CoreMetrics
import FeedScheduling
import Prometheus
import Synchronization

/// feedd's metrics: swift-metrics instruments made by an injected factory backed by one Prometheus registry, so
/// nothing goes through the process-global `MetricsSystem` and tests read exactly what one daemon recorded.
///
/// Names follow Prometheus's conventions (<https://prometheus.io/docs/practices/naming/>): a `feedd_` prefix,
/// `_total` on counters, base units (seconds, bytes) in the name.
public final class FeedMetrics: Sendable {
    /// The registry `/metrics` renders.
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// The WebSub counts at the last scrape.
    private let webSubCounts = Mutex(WebSubSubscriber.Counts())

    /// Poll durations: from a loopback 304 (milliseconds) to a slow site at the whole-transfer timeout.
    static let durationBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["feedd_poll_duration_seconds"] = Self.durationBuckets
        self.factory = factory
    }

    /// Counts one poll: its outcome, its HTTP status class, the items and bytes it brought, how long it took.
    public func record(_ report: PollReport) {
        Counter(label: "feedd_polls_total", dimensions: [("outcome", report.outcome.rawValue)], factory: factory)
            .increment()
        let statusClass = report.httpStatus.map { "\($0 / 100)xx" } ?? "none"
        Counter(label: "feedd_http_responses_total", dimensions: [("class", statusClass)], factory: factory)
            .increment()
        Counter(label: "feedd_new_items_total", factory: factory).increment(by: report.newItems)
        Counter(label: "feedd_updated_items_total", factory: factory).increment(by: report.updatedItems)
        Counter(label: "feedd_downloaded_bytes_total", factory: factory).increment(by: report.bytes)
        Timer(label: "feedd_poll_duration_seconds", factory: factory).recordInterval(report.duration)
    }

    /// Sets how many feeds are in each state (every state given, zeros included, so a series never vanishes).
    func setFeeds(byState counts: [String: Int]) {
        for (state, count) in counts {
            Gauge(label: "feedd_feeds", dimensions: [("state", state)], factory: factory).record(count)
        }
    }

    /// Sets how many items a hook is owed (its outbox depth).
    func setOutboxDepth(_ depth: Int, hook: String) {
        Gauge(label: "feedd_hook_outbox_items", dimensions: [("hook", hook)], factory: factory).record(depth)
    }

    /// Adds what the WebSub subscriber counted since the last scrape: pushes stored, pushes whose signature was
    /// missing or wrong, renewals sent.
    func recordWebSub(_ counts: WebSubSubscriber.Counts) {
        let last = webSubCounts.withLock { last in
            defer { last = counts }
            return last
        }
        Counter(label: "feedd_websub_pushes_total", factory: factory)
            .increment(by: counts.pushesReceived - last.pushesReceived)
        Counter(label: "feedd_websub_rejected_signatures_total", factory: factory)
            .increment(by: counts.rejectedSignatures - last.rejectedSignatures)
        Counter(label: "feedd_websub_renewals_total", factory: factory).increment(by: counts.renewals - last.renewals)
    }

    /// The Prometheus text exposition of everything recorded.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}

extension Timer {
    fileprivate func recordInterval(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
