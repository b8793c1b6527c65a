/// A table that `feedd migrate` copies from one store to another, with the columns every backend keeps alike.
///
/// The order of the cases is the order of the copy: a feed before the rows that name it (the PostgreSQL store's
/// foreign keys). Left out: what a store rebuilds or keeps in its own way (SQLite's compression dictionary, the
/// PostgreSQL store's band rows and sequencer, which its writer derives) and what a new store needs no copy of
/// (leases).
public enum StoreTable: String, CaseIterable, Sendable {
    case feed
    case feedAlias = "feed_alias"
    case feedKeyPolicy = "feed_key_policy"
    case item
    case tombstone
    case consumer
    case receipt
    case itemMove = "item_move"
    case peek
    case storyURL = "story_url"
    case storyMember = "story_member"
    case webSubSubscription = "websub_subscription"

    /// The columns copied, the primary key's first (``keyCount`` of them), in the order every row lists them.
    public var columns: [StoreColumn] {
        switch self {
        case .feed:
            [
                .init("id", .integer), .init("url", .text), .init("user_title", .text), .init("feed_title", .text),
                .init("home_page_url", .text), .init("tags", .text), .init("poll_interval", .real),
                .init("etag", .text), .init("last_modified", .text), .init("last_polled_at", .real),
                .init("last_outcome", .text), .init("last_status", .integer), .init("last_error", .text),
                .init("consecutive_failures", .integer), .init("next_due_at", .real), .init("body_hash", .text),
                .init("item_count", .integer), .init("current_interval", .real), .init("interval_reason", .text),
                .init("retry_after_until", .real), .init("gone", .boolean), .init("redirect_target", .text),
                .init("redirect_count", .integer), .init("baseline_at", .real), .init("polling_hints", .text),
            ]
        case .feedAlias: [.init("url", .text), .init("feed_id", .integer)]
        case .feedKeyPolicy:
            [.init("feed_id", .integer), .init("policy", .text), .init("decided_at", .real), .init("reason", .text)]
        case .item:
            [
                .init("seq", .integer), .init("feed_id", .integer), .init("key", .text), .init("url", .text),
                .init("date_published", .real), .init("first_seen_at", .real), .init("content_hash", .text),
                .init("json", .json), .init("origin_seq", .integer), .init("revision", .integer),
                .init("updated_at", .real), .init("story_id", .integer),
            ]
        case .tombstone: [.init("feed_id", .integer), .init("key", .text), .init("removed_at", .real)]
        case .consumer: [.init("name", .text), .init("last_seq", .integer)]
        case .receipt: [.init("consumer", .text), .init("origin", .integer)]
        case .itemMove: [.init("old_seq", .integer), .init("new_seq", .integer), .init("origin", .integer)]
        case .peek: [.init("consumer", .text), .init("high_water", .integer)]
        case .storyURL: [.init("url", .text), .init("story_id", .integer)]
        case .storyMember:
            [
                .init("member", .integer), .init("feed_id", .integer), .init("story_id", .integer),
                .init("story_time", .real), .init("title_words", .text), .init("entities", .text),
                .init("signature", .blob),
            ]
        case .webSubSubscription:
            [
                .init("token", .text), .init("feed_id", .integer), .init("hub", .text), .init("topic", .text),
                .init("secret", .text), .init("intent", .text), .init("state", .text), .init("state_at", .real),
                .init("lease_until", .real), .init("failures", .integer), .init("reason", .text),
                .init("next_request_at", .real),
            ]
        }
    }

    /// How many leading ``columns`` make the primary key, which rows are read in the order of.
    public var keyCount: Int {
        switch self {
        case .tombstone, .receipt: 2
        default: 1
        }
    }

    /// The columns' names, comma-separated, for a SELECT or an INSERT.
    public var columnList: String { columns.map(\.name).joined(separator: ", ") }
}

/// A column of a ``StoreTable``: its name and the kind of value it holds.
public struct StoreColumn: Sendable, Hashable {
    public let name: String
    public let kind: StoreValue.Kind

    init(_ name: String, _ kind: StoreValue.Kind) {
        self.name = name
        self.kind = kind
    }
}
