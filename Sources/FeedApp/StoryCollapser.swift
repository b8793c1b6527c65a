import FeedStorage

/// `dump --collapse-stories`: which items of a dump stand for their story, and which other feeds carry it.
///
/// The first new item of a story is printed, with `also_in` listing the other feeds whose items of that story the
/// consumer has not received yet (later arrivals included); every other item of the story is passed over, in this
/// dump and in later ones, since the consumer has the story. The cursor still moves past passed-over items, so
/// exactly-once holds per story. Edits of items the consumer has (`--include-updates`) are not collapsed.
struct StoryCollapser {
    /// Whom the dump reads for, and where its cursor stood: what decides which items it has received.
    let audience: ItemAudience
    let cursor: Int64
    /// Stories already given to the consumer, before or in this dump.
    private var delivered: Set<Int64> = []
    /// The feeds of each story's items not yet delivered, first delivery order.
    private var feeds: [Int64: [String]] = [:]

    init(audience: ItemAudience, cursor: Int64) {
        self.audience = audience
        self.cursor = cursor
    }

    /// Reads the members of the page's stories not seen yet.
    mutating func load(_ page: [StoredItem], from reader: any ItemReader) async throws {
        let unknown = Set(page.map(\.storyID)).subtracting(delivered).subtracting(feeds.keys)
        for member in try await reader.storyMembers(of: unknown, for: audience, cursor: cursor) {
            if member.received {
                delivered.insert(member.storyID)
            } else if !(feeds[member.storyID]?.contains(member.feedURL) ?? false) {
                feeds[member.storyID, default: []].append(member.feedURL)
            }
        }
    }

    /// The other feeds of the item's story when the item is to be printed; nil when it is passed over.
    mutating func take(_ stored: StoredItem) -> [String]? {
        if stored.event == .updated { return [] }
        guard delivered.insert(stored.storyID).inserted else { return nil }
        return (feeds[stored.storyID] ?? []).filter { $0 != stored.feedURL }
    }
}
