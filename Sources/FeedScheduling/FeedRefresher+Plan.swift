import FeedFetching
import FeedModel
import FeedStorage
import Foundation
import Logging

extension FeedRefresher {
    /// What the policy needs to know about one poll.
    static func inputs(
        _ poll: Poll, _ result: FeedRefresh.Result, _ response: FetchResponse?, now: Date, random: Double
    ) -> PollInputs {
        var inputs = PollInputs(now: now, configuredInterval: poll.configured, random: random)
        // The feed's own hints come with a parsed document; a 304 or a failure keeps those stored last time.
        inputs.hints = poll.feed.pollState.hints
        // Observation began with the first stored document; this poll stores it when there is none yet (the
        // store sets the baseline to the poll's start in the same commit).
        inputs.observedSince = poll.feed.baselineAt
        switch result {
        case .updated(let feed, _):
            inputs.hints = feed.pollingHints
            if inputs.observedSince == nil { inputs.observedSince = poll.started }
        case .notModified:
            break
        case .failed:
            inputs.consecutiveFailures = poll.feed.consecutiveFailures + 1
        }
        guard let response else { return inputs }
        if (200..<400).contains(response.status) {
            // RFC 9111 §5.2.2.1 / §5.3: freshness of what we just received.
            inputs.cacheMaxAge = response.cacheMaxAge
            inputs.expires = response.expires
        }
        // Retry-After means "come back later" on 429 (RFC 6585 §4) and 503 (RFC 9110 §15.6.4); measured from when
        // the response arrived, so an HTTP-date and delta-seconds mean the same wait.
        if response.status == 429 || response.status == 503, let until = response.retryAfter {
            let wait = max(until.timeIntervalSince(response.receivedAt), 0)
            inputs.retryAfter = .milliseconds(Int64((wait * 1000).rounded(.up)))
        }
        // RFC 9110 §15.5.11: 410 Gone is permanent.
        inputs.gone = response.status == 410
        return inputs
    }
}

extension PollReport.Outcome {
    /// The outcome a committed result amounts to.
    init(_ result: FeedRefresh.Result) {
        switch result {
        case .updated: self = .updated
        case .notModified: self = .notModified
        case .failed: self = .failed
        }
    }
}

extension FeedRefresher {
    /// One structured log line per poll: feed, outcome, HTTP status, new/updated items, bytes, duration, next
    /// poll and why; failures at warning level with the error sentence.
    func finish(_ report: PollReport) -> PollReport {
        let milliseconds =
            report.duration.components.seconds * 1000 + report.duration.components.attoseconds / 1_000_000_000_000_000
        var metadata: Logger.Metadata = [
            "feed": "\(report.feedURL)", "outcome": "\(report.outcome.rawValue)", "new": "\(report.newItems)",
            "updated": "\(report.updatedItems)", "bytes": "\(report.bytes)", "duration_ms": "\(milliseconds)",
        ]
        if let status = report.httpStatus { metadata["status"] = "\(status)" }
        if let next = report.nextPollAt { metadata["next"] = "\(Timestamp.format(next))" }
        if let reason = report.nextPollReason { metadata["next_reason"] = "\(reason.rawValue)" }
        if let interval = report.interval { metadata["interval_s"] = "\(interval.components.seconds)" }
        if let moved = report.movedTo { metadata["moved_to"] = "\(moved)" }
        if let error = report.error {
            metadata["error"] = "\(error)"
            logger.warning("poll", metadata: metadata)
        } else {
            logger.info("poll", metadata: metadata)
        }
        return report
    }
}
