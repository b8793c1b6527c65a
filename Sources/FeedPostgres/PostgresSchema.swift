import Logging
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations (never edit one that has shipped: add another), recorded in
/// `feedd_schema`.
///
/// Tables and columns follow the SQLite store's (StoreSchema) so that both backends answer the same queries the same
/// way: dates are seconds since 1970 as `double precision`, item JSON is the same Zstandard frames as `bytea`. Two
/// differences: seqs come from the `sequencer` row (see ``PostgresFeedStore``), not from a sequence, and the
/// stories' LSH bands are a table (`story_band`) that every process reads, instead of SQLite's in-memory index; its
/// one index is its key, which every commit writes 12 rows per new item into (a member's rows are found by the band
/// keys of its signature when retention removes it).
enum PostgresSchema {
    /// Each migration's statements, version 1 first.
    static let migrations: [String] = [
        """
        CREATE TABLE feed (
            id BIGSERIAL PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            user_title TEXT,
            feed_title TEXT,
            home_page_url TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            poll_interval DOUBLE PRECISION,
            etag TEXT,
            last_modified TEXT,
            last_polled_at DOUBLE PRECISION,
            last_outcome TEXT CHECK (last_outcome IN ('updated', 'not_modified', 'failed')),
            last_status BIGINT,
            last_error TEXT,
            consecutive_failures BIGINT NOT NULL DEFAULT 0,
            next_due_at DOUBLE PRECISION,
            body_hash TEXT,
            item_count BIGINT NOT NULL DEFAULT 0,
            current_interval DOUBLE PRECISION,
            interval_reason TEXT,
            retry_after_until DOUBLE PRECISION,
            gone BOOLEAN NOT NULL DEFAULT FALSE,
            redirect_target TEXT,
            redirect_count BIGINT NOT NULL DEFAULT 0,
            baseline_at DOUBLE PRECISION,
            polling_hints TEXT
        );
        CREATE TABLE feed_alias (url TEXT PRIMARY KEY, feed_id BIGINT NOT NULL REFERENCES feed(id) ON DELETE CASCADE);
        CREATE INDEX feed_alias_feed ON feed_alias (feed_id);
        CREATE TABLE feed_key_policy (
            feed_id BIGINT PRIMARY KEY REFERENCES feed(id) ON DELETE CASCADE,
            policy TEXT NOT NULL CHECK (policy IN ('link')),
            decided_at DOUBLE PRECISION NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE TABLE sequencer (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq BIGINT NOT NULL);
        INSERT INTO sequencer (id, last_seq) VALUES (1, 0);
        CREATE TABLE item (
            seq BIGINT PRIMARY KEY,
            feed_id BIGINT NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            url TEXT,
            date_published DOUBLE PRECISION,
            first_seen_at DOUBLE PRECISION NOT NULL,
            content_hash TEXT NOT NULL,
            json BYTEA NOT NULL,
            origin_seq BIGINT,
            revision BIGINT NOT NULL DEFAULT 0,
            updated_at DOUBLE PRECISION,
            story_id BIGINT,
            UNIQUE (feed_id, key)
        );
        CREATE INDEX item_story ON item (story_id);
        CREATE INDEX item_origin ON item (origin_seq);
        CREATE INDEX item_feed_seen ON item (feed_id, first_seen_at);
        CREATE TABLE tombstone (
            feed_id BIGINT NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            removed_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (feed_id, key)
        );
        CREATE TABLE consumer (name TEXT PRIMARY KEY, last_seq BIGINT NOT NULL DEFAULT 0);
        CREATE TABLE receipt (consumer TEXT NOT NULL, origin BIGINT NOT NULL, PRIMARY KEY (consumer, origin));
        CREATE INDEX receipt_origin ON receipt (origin);
        CREATE TABLE item_move (old_seq BIGINT PRIMARY KEY, new_seq BIGINT NOT NULL, origin BIGINT NOT NULL);
        CREATE INDEX item_move_origin ON item_move (origin);
        CREATE TABLE peek (consumer TEXT PRIMARY KEY, high_water BIGINT NOT NULL);
        CREATE TABLE story_url (url TEXT PRIMARY KEY, story_id BIGINT NOT NULL);
        CREATE TABLE story_member (
            member BIGINT PRIMARY KEY,
            feed_id BIGINT NOT NULL,
            story_id BIGINT NOT NULL,
            story_time DOUBLE PRECISION NOT NULL,
            title_words TEXT NOT NULL,
            entities TEXT NOT NULL,
            signature BYTEA NOT NULL
        );
        CREATE TABLE story_band (
            band_key BIGINT NOT NULL,
            member BIGINT NOT NULL,
            feed_id BIGINT NOT NULL,
            story_time DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (band_key, member)
        );
        """,
        // Leases (PostgresFeedStore+Leases.swift): the worker polling the feed, until when (seconds since 1970 on
        // the server's clock), and how many times the feed was granted.
        """
        ALTER TABLE feed ADD COLUMN lease_owner TEXT;
        ALTER TABLE feed ADD COLUMN lease_until DOUBLE PRECISION;
        ALTER TABLE feed ADD COLUMN lease_fence BIGINT NOT NULL DEFAULT 0
        """,
        // Host slots (PostgresFeedStore+HostSlots.swift): per_host and min_host_gap across workers. A row per slot
        // of a host ever polled: its holder until when (the server's clock, seconds since 1970), and when it was
        // last granted, which the host's gap counts from.
        """
        CREATE TABLE host_slot (
            host TEXT NOT NULL,
            slot BIGINT NOT NULL,
            owner TEXT,
            held_until DOUBLE PRECISION,
            last_request_at DOUBLE PRECISION,
            PRIMARY KEY (host, slot)
        )
        """,
        // WebSub subscriptions (FeedStorage's WebSubRecord), as the SQLite store's v12.
        """
        CREATE TABLE websub_subscription (
            id BIGSERIAL PRIMARY KEY,
            feed_id BIGINT REFERENCES feed(id) ON DELETE SET NULL,
            hub TEXT NOT NULL,
            topic TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            secret TEXT NOT NULL,
            intent TEXT NOT NULL CHECK (intent IN ('subscribe', 'unsubscribe')),
            state TEXT NOT NULL CHECK (state IN ('requested', 'active', 'denied', 'failing', 'ended')),
            state_at DOUBLE PRECISION NOT NULL,
            lease_until DOUBLE PRECISION,
            failures BIGINT NOT NULL DEFAULT 0,
            reason TEXT,
            next_request_at DOUBLE PRECISION,
            UNIQUE (feed_id, hub)
        );
        CREATE INDEX websub_due ON websub_subscription (next_request_at)
        """,
    ]

    /// An advisory lock key for migrations: processes opening a new database together run each migration once.
    static let migrationLock: Int64 = 0x6665_6564_6400_0001

    /// Applies the migrations the database has not had yet, in one transaction under ``migrationLock``.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS feedd_schema (
                    version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Int64 = 0
            for try await version in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM feedd_schema", logger: logger
            ).decode(Int64.self) {
                applied = version
            }
            guard applied <= Int64(migrations.count) else {
                throw PostgresStoreError("the database's schema (version \(applied)) is newer than this feedd's")
            }
            for (index, sql) in migrations.enumerated().dropFirst(Int(applied)) {
                // One statement per query: the extended protocol that binds parameters takes one at a time.
                for statement in sql.split(separator: ";\n") where !statement.allSatisfy(\.isWhitespace) {
                    try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: logger)
                }
                let version = Int64(index + 1)
                try await connection.query("INSERT INTO feedd_schema (version) VALUES (\(version))", logger: logger)
            }
        }
    }
}

/// A failure of the PostgreSQL store that is not the server's own error.
struct PostgresStoreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
