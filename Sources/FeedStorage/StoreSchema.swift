import FeedModel
import Foundation
import GRDB

/// The database schema, as a sequence of migrations (never edit one that has shipped: add another).
///
/// Dates are REAL seconds since 1970 (UTC) everywhere, so they compare and sort as numbers.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: feed, item, consumer") { db in
            try db.execute(
                sql: """
                    CREATE TABLE feed (
                        id INTEGER PRIMARY KEY,
                        url TEXT NOT NULL UNIQUE,
                        user_title TEXT,
                        feed_title TEXT,
                        home_page_url TEXT,
                        tags TEXT NOT NULL DEFAULT '[]',
                        poll_interval REAL,
                        etag TEXT,
                        last_modified TEXT,
                        last_polled_at REAL,
                        last_outcome TEXT CHECK (last_outcome IN ('updated', 'not_modified', 'failed')),
                        last_status INTEGER,
                        last_error TEXT,
                        consecutive_failures INTEGER NOT NULL DEFAULT 0,
                        next_due_at REAL,
                        body_hash TEXT,
                        item_count INTEGER NOT NULL DEFAULT 0
                    );
                    """)
            // AUTOINCREMENT: seq is the delivery order consumers keep cursors on, so it must never be reused,
            // not even the largest one after a delete (https://www.sqlite.org/autoinc.html).
            // UNIQUE(feed_id, key) is also the index of the "is this item known" lookup during commit.
            try db.execute(
                sql: """
                    CREATE TABLE item (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                        key TEXT NOT NULL,
                        url TEXT,
                        title TEXT,
                        date_published REAL,
                        first_seen_at REAL NOT NULL,
                        content_hash TEXT NOT NULL,
                        json TEXT NOT NULL,
                        UNIQUE (feed_id, key)
                    );
                    """)
            try db.execute(
                sql: """
                    CREATE TABLE consumer (
                        name TEXT PRIMARY KEY,
                        last_seq INTEGER NOT NULL DEFAULT 0
                    );
                    """)
        }
        // v2: edits. An edited item takes a new seq (its place in the delivery order is where the edit happened)
        // and remembers the seq it was first delivered at (origin_seq, NULL while never edited), so a consumer
        // can tell "new to me" from "an edit of something I have". content_hash moves from the item's JSON to
        // ItemIdentity.contentHash, recomputed here so no stored item looks edited after the upgrade.
        migrator.registerMigration("v2: item edits") { db in
            try db.execute(
                sql: """
                    ALTER TABLE item ADD COLUMN origin_seq INTEGER;
                    ALTER TABLE item ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE item ADD COLUMN updated_at REAL;
                    """)
            let decoder = JSONDecoder()
            let rows = try Row.fetchAll(db, sql: "SELECT seq, json FROM item")
            let update = try db.makeStatement(sql: "UPDATE item SET content_hash = ? WHERE seq = ?")
            for row in rows {
                let json: String = row["json"]
                guard let item = try? decoder.decode(Item.self, from: Data(json.utf8)) else { continue }
                try update.execute(arguments: [ItemIdentity.contentHash(for: item), row["seq"] as Int64])
            }
        }
        // v3: retention. A removed item leaves its key here while the feed still lists it, so that the next poll
        // does not store it again as new; the tombstone goes when a refresh no longer lists the key.
        migrator.registerMigration("v3: tombstones") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tombstone (
                        feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                        key TEXT NOT NULL,
                        removed_at REAL NOT NULL,
                        PRIMARY KEY (feed_id, key)
                    ) WITHOUT ROWID;
                    """)
        }
        // v4: poll state. What the scheduler decided last (interval, its reason, a Retry-After window, 410 Gone, the
        // feed's own hints such as ttl, which a 304 does not repeat) so that a restart keeps honouring it, the run
        // of permanent redirects toward one target (a feed moves after three), the URLs a moved feed was known by
        // (feed_alias), and baseline_at: when the feed's first document was stored, whose items were all "new" at
        // once and say nothing about how often it publishes.
        migrator.registerMigration("v4: poll state") { db in
            try db.execute(
                sql: """
                    ALTER TABLE feed ADD COLUMN current_interval REAL;
                    ALTER TABLE feed ADD COLUMN interval_reason TEXT;
                    ALTER TABLE feed ADD COLUMN retry_after_until REAL;
                    ALTER TABLE feed ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feed ADD COLUMN redirect_target TEXT;
                    ALTER TABLE feed ADD COLUMN redirect_count INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feed ADD COLUMN baseline_at REAL;
                    ALTER TABLE feed ADD COLUMN polling_hints TEXT;
                    UPDATE feed SET baseline_at = (SELECT MIN(first_seen_at) FROM item WHERE item.feed_id = feed.id);
                    CREATE TABLE feed_alias (
                        url TEXT PRIMARY KEY,
                        feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE
                    ) WITHOUT ROWID;
                    """)
        }
        // v5: stories and key policies. Every item gets a story (NULL: it founded its own, whose id is its first
        // seq, so founders, most items, cost no extra write); story_url and story_member/story_band index the
        // canonical URLs and the text signatures' LSH bands of stored items (see SQLiteFeedStore+Stories).
        // feed_key_policy remembers, per feed, that feedd matches its items by link because it re-issues guids.
        // Items stored before v5 are founders of their own stories.
        migrator.registerMigration("v5: stories") { db in
            try db.execute(
                sql: """
                    ALTER TABLE item ADD COLUMN story_id INTEGER;
                    CREATE TABLE story_url (
                        url TEXT PRIMARY KEY,
                        story_id INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE story_member (
                        member INTEGER PRIMARY KEY,
                        feed_id INTEGER NOT NULL,
                        story_id INTEGER NOT NULL,
                        story_time REAL NOT NULL,
                        title_words TEXT NOT NULL,
                        entities TEXT NOT NULL,
                        signature BLOB NOT NULL
                    );
                    CREATE TABLE story_band (
                        band_key INTEGER NOT NULL,
                        member INTEGER NOT NULL,
                        PRIMARY KEY (band_key, member)
                    ) WITHOUT ROWID;
                    CREATE INDEX item_story ON item (story_id);
                    CREATE INDEX item_origin ON item (origin_seq);
                    CREATE TABLE feed_key_policy (
                        feed_id INTEGER PRIMARY KEY REFERENCES feed(id) ON DELETE CASCADE,
                        policy TEXT NOT NULL CHECK (policy IN ('link')),
                        decided_at REAL NOT NULL,
                        reason TEXT NOT NULL
                    );
                    """)
        }
        // v6: the stories' LSH band index moves into memory (StoryIndex, rebuilt from story_member's signatures):
        // story_band's 12 rows per item, inserted at hash-random places, were most of what a commit wrote. The
        // index on story_time lets a process read only the members of the window it looks in.
        migrator.registerMigration("v6: story bands in memory") { db in
            try db.execute(
                sql: """
                    DROP TABLE story_band;
                    CREATE INDEX story_member_time ON story_member (story_time);
                    """)
        }
        // v7: delivery receipts (see DeliveryRule). A receipt says a consumer has received some version of an
        // edited item (by its first seq); item_move remembers each edit's old and new seq, so that a cursor's
        // advance can tell which items its reader saw at a seq that an edit has left since; peek keeps the snapshot
        // a consumer's last `dump --peek` read, for its `ack` (not a consumer row: a look holds back no retention).
        // Receipts for the edited items above a cursor that the old rule (first seq at or below the cursor)
        // counted as received.
        migrator.registerMigration("v7: delivery receipts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE receipt (
                        consumer TEXT NOT NULL,
                        origin INTEGER NOT NULL,
                        PRIMARY KEY (consumer, origin)
                    ) WITHOUT ROWID;
                    CREATE INDEX receipt_origin ON receipt (origin);
                    CREATE TABLE item_move (
                        old_seq INTEGER PRIMARY KEY,
                        new_seq INTEGER NOT NULL,
                        origin INTEGER NOT NULL
                    );
                    CREATE INDEX item_move_origin ON item_move (origin);
                    CREATE TABLE peek (
                        consumer TEXT PRIMARY KEY,
                        high_water INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    INSERT INTO receipt (consumer, origin)
                        SELECT consumer.name, item.origin_seq FROM consumer JOIN item
                        ON item.origin_seq IS NOT NULL AND item.origin_seq <= consumer.last_seq
                            AND item.seq > consumer.last_seq;
                    """)
        }
        // v8: the Zstandard dictionary item JSON is compressed against, trained once a store holds enough items
        // (StoredJSON); kept for as long as any frame may name it.
        migrator.registerMigration("v8: compression dictionary") { db in
            try db.execute(
                sql: """
                    CREATE TABLE codec_dictionary (
                        id INTEGER PRIMARY KEY,
                        bytes BLOB NOT NULL,
                        created_at REAL NOT NULL
                    );
                    """)
        }
        // v9: a feed's items by first sight, so that a poll learns its recent new-item times and whether retention
        // removes anything from the index alone, without reading item rows (which hold the JSON).
        migrator.registerMigration("v9: items by first sight") { db in
            try db.execute(sql: "CREATE INDEX item_feed_seen ON item (feed_id, first_seen_at)")
        }
        // v10: story_url keyed by CanonicalURL.key instead of the URL's text: every new item probes and inserts at
        // a random place of it, so the writer's page cache had to hold the whole table (a 30 MB B-tree at 300,000
        // items) to avoid re-reading it; the integer keys take a fifth of that.
        migrator.registerMigration("v10: story URL keys") { db in
            try db.execute(sql: "CREATE TABLE story_url_key (url_key INTEGER PRIMARY KEY, story_id INTEGER NOT NULL)")
            let insert = try db.makeStatement(
                sql: "INSERT INTO story_url_key (url_key, story_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
            let rows = try Row.fetchCursor(db, sql: "SELECT url, story_id FROM story_url")
            while let row = try rows.next() {
                try insert.execute(arguments: [CanonicalURL.key(row["url"]), row["story_id"] as Int64])
            }
            try db.execute(sql: "DROP TABLE story_url; ALTER TABLE story_url_key RENAME TO story_url")
        }
        // v11: story indexes that a commit appends to instead of writing all over them. story_url's key leads
        // with the host's (CanonicalURL.hostKey), so a feed's new items, nearly all on one host, land on a page or
        // two of it instead of a page each; rows kept from before have host key 0 and are still found (see
        // SQLiteFeedStore.story(for:)). story_member is found by day, not by exact time, so a new member lands at
        // the end of its day's run.
        migrator.registerMigration("v11: story indexes by host and day") { db in
            try db.execute(
                sql: """
                    CREATE TABLE story_url_host (
                        host_key INTEGER NOT NULL,
                        url_key INTEGER NOT NULL,
                        story_id INTEGER NOT NULL,
                        PRIMARY KEY (host_key, url_key)
                    ) WITHOUT ROWID;
                    INSERT INTO story_url_host (host_key, url_key, story_id) SELECT 0, url_key, story_id FROM story_url;
                    DROP TABLE story_url;
                    ALTER TABLE story_url_host RENAME TO story_url;
                    DROP INDEX story_member_time;
                    CREATE INDEX story_member_day ON story_member (CAST(story_time / 86400 AS INTEGER));
                    """)
        }
        // v12: WebSub subscriptions (WebSubRecord), one row per feed and hub, found by the callback's token. The
        // feed may go (SET NULL): an unsubscribe request outlives it. The sender reads the due rows by
        // next_request_at.
        migrator.registerMigration("v12: websub subscriptions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE websub_subscription (
                        id INTEGER PRIMARY KEY,
                        feed_id INTEGER REFERENCES feed(id) ON DELETE SET NULL,
                        hub TEXT NOT NULL,
                        topic TEXT NOT NULL,
                        token TEXT NOT NULL UNIQUE,
                        secret TEXT NOT NULL,
                        intent TEXT NOT NULL CHECK (intent IN ('subscribe', 'unsubscribe')),
                        state TEXT NOT NULL
                            CHECK (state IN ('requested', 'active', 'denied', 'failing', 'ended')),
                        state_at REAL NOT NULL,
                        lease_until REAL,
                        failures INTEGER NOT NULL DEFAULT 0,
                        reason TEXT,
                        next_request_at REAL,
                        UNIQUE (feed_id, hub)
                    );
                    CREATE INDEX websub_due ON websub_subscription (next_request_at);
                    """)
        }
        return migrator
    }
}
