import FeedModel
import FeedScheduling
import FeedStorage
import Foundation

extension Application {
    /// One row of `feedd status`.
    public struct StatusRow: Sendable, Encodable {
        public var url: String
        /// The URL feedd polls now, when permanent redirects moved the feed away from the configured `url`.
        public var movedTo: String?
        public var title: String?
        public var lastPoll: String?
        public var outcome: String?
        public var httpStatus: Int?
        public var error: String?
        public var consecutiveFailures: Int
        public var items: Int
        /// The wait the scheduler chose after the last poll, in seconds.
        public var intervalSeconds: Int?
        /// Why: adaptive, configured, ttl, syndication, cache-control, retry-after, backoff, skip or gone.
        public var intervalReason: String?
        /// No request before this time (the server's Retry-After).
        public var retryAfterUntil: String?
        /// 410 Gone: not polled until `feedd feeds enable URL`.
        public var gone: Bool
        public var nextPoll: String?
        /// Where its WebSub push stands: nil (none), `pending`, `active`, `denied` or `failing`.
        public var push: String?
        /// When an active push's lease ends.
        public var pushUntil: String?

        enum CodingKeys: String, CodingKey {
            case url, title, outcome, error, items, gone
            case movedTo = "moved_to"
            case lastPoll = "last_poll"
            case httpStatus = "http_status"
            case consecutiveFailures = "consecutive_failures"
            case intervalSeconds = "interval_seconds"
            case intervalReason = "interval_reason"
            case retryAfterUntil = "retry_after_until"
            case nextPoll = "next_poll"
            case push
            case pushUntil = "push_until"
        }
    }

    /// The configured feeds with what the store knows of them (never-polled feeds included), in config order.
    public func status() async throws -> [StatusRow] {
        let pushes = WebSubSubscriber.pushStates(try await store.webSubs(feedURL: nil), now: clock.now())
        return try await store.records(for: configuration.feeds).map { feed, record in
            let state = record?.pollState
            var row = StatusRow(
                url: feed.url, movedTo: record.flatMap { $0.url == feed.url ? nil : $0.url },
                title: feed.title ?? record?.title, lastPoll: record?.lastPolledAt.map(Timestamp.format),
                outcome: record?.lastOutcome?.rawValue, httpStatus: record?.lastStatus, error: record?.lastError,
                consecutiveFailures: record?.consecutiveFailures ?? 0, items: record?.itemCount ?? 0,
                intervalSeconds: state?.interval.map { Int($0.components.seconds) },
                intervalReason: state?.reason?.rawValue,
                retryAfterUntil: state?.retryAfterUntil.map(Timestamp.format), gone: state?.gone ?? false,
                nextPoll: state?.gone == true ? nil : record?.nextDueAt.map(Timestamp.format))
            switch record.flatMap({ pushes[$0.url] }) {
            case .active(let until): (row.push, row.pushUntil) = ("active", Timestamp.format(until))
            case .pending: row.push = "pending"
            case .denied: row.push = "denied"
            case .failing: row.push = "failing"
            case nil: break
            }
            return row
        }
    }

    /// `feedd feeds enable URL`, store side: polls a gone (410) feed again, at once; the URL may be the
    /// configured one or the feed's current one. False when no such feed is stored.
    public func reviveStoredFeed(url: String) async throws -> Bool {
        try await store.enable(url: url)
    }
}
