import FeedModel
import FeedStorage
import Foundation

extension Application {
    /// One row of `feedd status`.
    public struct StatusRow: Sendable, Encodable {
        public var url: String
        public var title: String?
        public var lastPoll: String?
        public var outcome: String?
        public var httpStatus: Int?
        public var error: String?
        public var consecutiveFailures: Int
        public var items: Int
        public var nextPoll: String?

        enum CodingKeys: String, CodingKey {
            case url, title, outcome, error, items
            case lastPoll = "last_poll"
            case httpStatus = "http_status"
            case consecutiveFailures = "consecutive_failures"
            case nextPoll = "next_poll"
        }
    }

    /// The configured feeds with what the store knows of them (never-polled feeds included), in config order.
    public func status() async throws -> [StatusRow] {
        let records = Dictionary(try await store.feeds().map { ($0.url, $0) }) { first, _ in first }
        return configuration.feeds.map { feed in
            let record = records[feed.url]
            return StatusRow(
                url: feed.url, title: feed.title ?? record?.title, lastPoll: record?.lastPolledAt.map(Timestamp.format),
                outcome: record?.lastOutcome?.rawValue, httpStatus: record?.lastStatus, error: record?.lastError,
                consecutiveFailures: record?.consecutiveFailures ?? 0, items: record?.itemCount ?? 0,
                nextPoll: record?.nextDueAt.map(Timestamp.format))
        }
    }
}
