import FeedFetching
import FeedModel
import FeedParsing
import FeedStorage
import Foundation
import Logging

/// Polls one feed: fetch → parse → store, with the result and the next poll time committed in one transaction.
public struct FeedRefresher: Sendable {
    /// Request settings shared by every poll.
    public struct Settings: Sendable {
        public var userAgent: String
        public var timeout: Duration
        public var maxBodyBytes: Int
        /// The proxy of feeds that name none: nil leaves it to the environment (`http_proxy`...), empty is direct.
        public var proxy: String?
        /// Each feed's own request options (user agent, headers, insecure, proxy), by URL; a reload replaces them.
        public var subscriptions = SubscriptionTable()

        public init(userAgent: String, timeout: Duration = .seconds(60), maxBodyBytes: Int = 16 << 20) {
            self.userAgent = userAgent
            self.timeout = timeout
            self.maxBodyBytes = maxBodyBytes
        }
    }

    let fetcher: FeedFetcher
    let parser: FeedParser
    let store: any FeedStore
    let clock: any FeedClock
    let policy: PollPolicy
    let settings: Settings
    let random: @Sendable () -> Double
    let logger: Logger

    public init(
        fetcher: FeedFetcher, parser: FeedParser = FeedParser(), store: any FeedStore, clock: any FeedClock,
        policy: PollPolicy = PollPolicy(), settings: Settings,
        random: @escaping @Sendable () -> Double = {
            Double.random(in: 0..<1)
        }, logger: Logger
    ) {
        self.fetcher = fetcher
        self.parser = parser
        self.store = store
        self.clock = clock
        self.policy = policy
        self.settings = settings
        self.random = random
        self.logger = logger
    }

    /// Polls `feed` once and stores what it finds. Never throws: every failure becomes the feed's recorded error
    /// (so one broken feed never stops the others) and the report says it.
    public func refresh(_ feed: FeedRecord, interval: Duration, retention: Retention = Retention()) async
        -> PollReport
    {
        let started = clock.now()
        let request = settings.request(for: feed)
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            if Task.isCancelled { return PollReport(feedURL: feed.url, outcome: .cancelled) }
            return await record(failure: error.description, status: error.httpStatus, feed, interval, started)
        }
        if response.isNotModified {
            return await record(notModified: response, feed, interval, started, retention)
        }
        guard (200..<300).contains(response.status) else {
            // classify names what a person should know: gone (410), a bot wall (403 challenge), or the status.
            let error = FetchError.classify(response) ?? FetchError.httpStatus(response.status)
            return await record(failure: error.description, status: response.status, feed, interval, started)
        }
        // A 200 with the very bytes stored last time is a server that ignores conditional requests: treat it as
        // "not modified" and skip the parse and the item writes.
        let bodyHash = SHA256.hex(response.body)
        if bodyHash == feed.bodyHash {
            return await record(notModified: response, feed, interval, started, retention)
        }
        let parsed: Feed
        do {
            parsed = try parser.parse(response.body, url: response.finalURL, contentType: response.contentType)
        } catch {
            return await record(failure: error.description, status: response.status, feed, interval, started)
        }
        let (next, reason) = policy.nextPoll(
            now: clock.now(), interval: interval, consecutiveFailures: 0, random: random())
        let refresh = FeedRefresh(
            feedURL: feed.url, polledAt: started, result: .updated(parsed, bodyHash: bodyHash),
            httpStatus: response.status, validators: response.validators, nextDueAt: next, retention: retention)
        do {
            let summary = try await commit(refresh)
            return finish(
                PollReport(
                    feedURL: feed.url, outcome: .updated, httpStatus: response.status, newItems: summary.newItems,
                    updatedItems: summary.updatedItems,
                    bytes: response.downloadedBytes, duration: elapsed(since: started), nextPollAt: next),
                reason: reason)
        } catch {
            return failedToStore(feed, error, response.status, started)
        }
    }

    private func record(
        notModified response: FetchResponse, _ feed: FeedRecord, _ interval: Duration, _ started: Date,
        _ retention: Retention
    ) async -> PollReport {
        let (next, reason) = policy.nextPoll(
            now: clock.now(), interval: interval, consecutiveFailures: 0, random: random())
        // Validators from a 304 replace the stored ones (RFC 9111 §4.3.4); a 304 without any keeps them.
        let validators = response.validators.isEmpty ? nil : response.validators
        let refresh = FeedRefresh(
            feedURL: feed.url, polledAt: started, result: .notModified, httpStatus: response.status,
            validators: validators, nextDueAt: next, retention: retention)
        do {
            _ = try await commit(refresh)
        } catch {
            return failedToStore(feed, error, response.status, started)
        }
        return finish(
            PollReport(
                feedURL: feed.url, outcome: .notModified, httpStatus: response.status,
                bytes: response.downloadedBytes, duration: elapsed(since: started), nextPollAt: next),
            reason: reason)
    }

    private func record(
        failure message: String, status: Int?, _ feed: FeedRecord, _ interval: Duration, _ started: Date
    ) async -> PollReport {
        let (next, reason) = policy.nextPoll(
            now: clock.now(), interval: interval, consecutiveFailures: feed.consecutiveFailures + 1,
            random: random())
        let refresh = FeedRefresh(
            feedURL: feed.url, polledAt: started, result: .failed(message), httpStatus: status, nextDueAt: next)
        do {
            _ = try await commit(refresh)
        } catch {
            return failedToStore(feed, error, status, started)
        }
        return finish(
            PollReport(
                feedURL: feed.url, outcome: .failed, httpStatus: status, duration: elapsed(since: started),
                nextPollAt: next, error: message),
            reason: reason)
    }

    /// Commits in a task of its own, which shutdown's cancellation does not reach: a poll whose data has arrived
    /// is stored whole, so shutting down loses nothing that was already fetched.
    private func commit(_ refresh: FeedRefresh) async throws -> RefreshSummary {
        let store = self.store
        return try await Task { try await store.commit(refresh) }.value
    }

    private func failedToStore(_ feed: FeedRecord, _ error: any Error, _ status: Int?, _ started: Date) -> PollReport {
        let report = PollReport(
            feedURL: feed.url, outcome: .failed, httpStatus: status, duration: elapsed(since: started),
            error: "could not store the feed: \(error)")
        return finish(report, reason: nil)
    }

    private func elapsed(since start: Date) -> Duration {
        .milliseconds(Int64((clock.now().timeIntervalSince(start) * 1000).rounded()))
    }

    /// One structured log line per poll.
    private func finish(_ report: PollReport, reason: PollPolicy.Reason?) -> PollReport {
        var metadata: Logger.Metadata = [
            "feed": "\(report.feedURL)", "outcome": "\(report.outcome.rawValue)", "new": "\(report.newItems)",
            "updated": "\(report.updatedItems)",
            "bytes": "\(report.bytes)",
            "duration_ms":
                "\(report.duration.components.seconds * 1000 + report.duration.components.attoseconds / 1_000_000_000_000_000)",
        ]
        if let status = report.httpStatus { metadata["status"] = "\(status)" }
        if let next = report.nextPollAt { metadata["next"] = "\(Timestamp.format(next))" }
        if let reason { metadata["next_reason"] = "\(reason.rawValue)" }
        if let error = report.error {
            metadata["error"] = "\(error)"
            logger.warning("poll", metadata: metadata)
        } else {
            logger.info("poll", metadata: metadata)
        }
        return report
    }
}
