import GRDB

/// Whether a consumer receives an item for the first time or again after an edit.
public enum DeliveryEvent: String, Sendable, Hashable, Codable {
    /// The consumer has received no version of the item.
    case new
    /// The consumer has an earlier version of the item (only consumers that ask for updates receive these).
    case updated
}

/// Whom a query reads items for: that decides which items are owed and whether each is new or an update.
public enum ItemAudience: Sendable, Hashable {
    /// A named consumer, by ``DeliveryRule``.
    case consumer(String)
    /// A view that replays the store from a seq (`dump --since-seq`): an item is new when it was first stored
    /// after that seq, an update when it was first stored at or before it.
    case replay(after: Int64)
}

/// The one rule that decides what a consumer is owed; every reader of the store (dumps, hooks, stories) asks it.
///
/// Every item has a seq, its place in the delivery order; an edit moves the item to a new seq above all others and
/// keeps its first one (origin). A consumer's cursor only moves forward, to a seq its reader saw in one consistent
/// snapshot, so the consumer has received every item whose seq is at most its cursor (in some version). For an
/// item above the cursor, whether an earlier version reached the consumer is recorded as a receipt (consumer,
/// origin): the edit writes one for each consumer whose cursor had passed the old seq, and a cursor's advance
/// writes one for each item its reader saw at a seq the advance passes that was edited after the snapshot.
/// An item above the cursor is therefore owed as ``DeliveryEvent/new`` without a receipt, and as
/// ``DeliveryEvent/updated`` with one. The page a reader is at never enters the rule: it only says where to go on.
/// The rule assumes that a seq becomes visible no later than every smaller one, as with SQLite's single writer; a
/// backend whose commits can land out of seq order must give its readers that order first.
package enum DeliveryRule {
    /// SQL (1 or 0) for "the audience has received a version of the row `item` before", with its arguments.
    static func received(_ audience: ItemAudience) -> (sql: String, arguments: StatementArguments) {
        switch audience {
        case .consumer(let name): (receivedCondition(audience, parameter: "?"), [name])
        case .replay(let after): (receivedCondition(audience, parameter: "?"), [after])
        }
    }

    /// The condition of ``received(_:)`` in SQL that SQLite and PostgreSQL both read, the audience's one value (the
    /// consumer's name, or the seq a replay starts after) written as `parameter` (`?`, `$1`).
    ///
    /// Receipts exist only for edited items (origin_seq set), so the common row costs no look-up.
    package static func receivedCondition(_ audience: ItemAudience, parameter: String) -> String {
        switch audience {
        case .consumer:
            """
            (item.origin_seq IS NOT NULL AND EXISTS (
                SELECT 1 FROM receipt WHERE receipt.consumer = \(parameter) AND receipt.origin = item.origin_seq))
            """
        case .replay: "(COALESCE(item.origin_seq, item.seq) <= \(parameter))"
        }
    }

    /// Records, inside the edit's transaction, that every consumer whose cursor had passed `oldSeq` has a version
    /// of the item `origin`, and the move itself for readers whose snapshot still shows the old seq.
    static func recordEdit(origin: Int64, oldSeq: Int64, newSeq: Int64, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO item_move (old_seq, new_seq, origin) VALUES (?, ?, ?)")
            .execute(arguments: [oldSeq, newSeq, origin])
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO receipt (consumer, origin) SELECT name, ? FROM consumer WHERE last_seq >= ?"
        ).execute(arguments: [origin, oldSeq])
    }

    /// Records, inside the advance's transaction, the receipts of items the reader saw at a seq in
    /// (`from`, `to`] in its snapshot (newest seq `highWater`) that an edit has moved since: the first move after
    /// the snapshot of each such item leaves a seq the snapshot held.
    static func recordAdvance(
        of consumer: String, from: Int64, to: Int64, highWater: Int64, in db: Database
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO receipt (consumer, origin)
                SELECT ?, origin FROM item_move WHERE new_seq > ? AND old_seq > ? AND old_seq <= ?
                """
        ).execute(arguments: [consumer, highWater, from, min(to, highWater)])
    }

    /// Forgets what the store remembers of edited items that retention removes (receipts and moves, by origin).
    static func forget(origins: [Int64], in db: Database) throws {
        let receipts = try db.cachedStatement(sql: "DELETE FROM receipt WHERE origin = ?")
        let moves = try db.cachedStatement(sql: "DELETE FROM item_move WHERE origin = ?")
        for origin in origins {
            try receipts.execute(arguments: [origin])
            try moves.execute(arguments: [origin])
        }
    }
}
