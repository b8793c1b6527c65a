import FeedModel
import Foundation
import GRDB

// GUID churn: the per-feed switch from guid keys to link keys (see GUIDChurn for the heuristic).
extension SQLiteFeedStore {
    /// Records that the feed at `url` is matched by link from now on and re-keys its stored items by their
    /// normalized link, in the caller's transaction. Returns false when the feed had already been switched (by
    /// another process since the keys were read): the decision is taken, and logged, once.
    static func switchToLinks(_ url: String, churn: GUIDChurn, at time: Date, in db: Database) throws -> Bool {
        let feedID = try feedID(for: url, in: db)
        try db.execute(
            sql: """
                INSERT INTO feed_key_policy (feed_id, policy, decided_at, reason) VALUES (?, 'link', ?, ?)
                ON CONFLICT (feed_id) DO NOTHING
                """,
            arguments: [feedID, time.timeIntervalSince1970, churn.reason])
        guard db.changesCount == 1 else { return false }
        let rows = try Row.fetchAll(
            db, sql: "SELECT seq, key, url FROM item WHERE feed_id = ? AND url IS NOT NULL ORDER BY seq",
            arguments: [feedID])
        let taken = Set(try String.fetchAll(db, sql: "SELECT key FROM item WHERE feed_id = ?", arguments: [feedID]))
        let rekey = try db.makeStatement(sql: "UPDATE item SET key = ? WHERE seq = ?")
        for (seq, link) in KeyPolicy.linkKeys(of: rows.map { ($0["seq"], $0["key"], $0["url"]) }, taken: taken) {
            try rekey.execute(arguments: [link, seq])
        }
        return true
    }
}

extension KeyPolicy {
    /// The new keys of a feed's stored items (seq, key and link of each, oldest first) once it is matched by link:
    /// each item whose normalized link is not a key yet (`taken` holds the stored keys) takes it, in seq order.
    /// Two stored items with one link (stored before the churn was seen) keep the older one on the link; the other
    /// keeps its guid key and simply stops being listed. No two items can swap keys, so the new keys never collide.
    package static func linkKeys(
        of items: [(seq: Int64, key: String, url: String)], taken: Set<String>
    ) -> [(seq: Int64, key: String)] {
        var taken = taken
        return items.compactMap { seq, key, url in
            let link = ItemIdentity.normalizedLink(url)
            guard link != key, taken.insert(link).inserted else { return nil }
            return (seq, link)
        }
    }
}

extension KnownItems {
    /// The stored items as they will be keyed once the feed is matched by link: each stored link maps to the
    /// content hash of the item stored under it.
    package func keyedByLink() -> KnownItems {
        var known = self
        known.policy = .link
        for (link, key) in keysByLink() where known.hashes[link] == nil {
            known.hashes[link] = hashes[key]
        }
        return known
    }
}
