import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

/// How a new item of a refresh finds its story.
enum StoryChoice {
    /// It joins a stored story.
    case joins(Int64)
    /// It joins the story of an earlier row of the same refresh (same canonical URL).
    case sameAs(Int)
    /// It founds its own story (its id is the item's seq).
    case founds
}

// Cross-feed stories, by the SQLite store's rules (SQLiteFeedStore+Stories, StoryIndex+Lookup, StoryMatch): a new
// item joins the story of the first stored item with its canonical URL, else of the most similar earlier item of
// another feed within the window that StoryMatch accepts, else founds its own. The band index is the table
// story_band, read by every process, instead of SQLite's in-memory index: several workers see each other's members
// as soon as they commit.
extension PostgresFeedStore {
    /// Each row's choice (rows that are edits get ``StoryChoice/founds``, unused), from one read of story_url and
    /// one of story_band for the whole refresh; and how many of the rows' canonical URLs story_url held.
    func storyChoices(
        for rows: [PreparedItems.Row], feedID: Int64, _ connection: PostgresConnection
    ) async throws -> (choices: [StoryChoice], storedURLs: Int) {
        let urls = Array(Set(rows.compactMap { $0.isEdit ? nil : $0.story?.canonicalURL }))
        var storedURLs: [String: Int64] = [:]
        if !urls.isEmpty {
            for (url, story) in try await connection.all(
                "SELECT url, story_id FROM story_url WHERE url = ANY(\(urls))", as: (String, Int64).self,
                logger: logger)
            {
                storedURLs[url] = story
            }
        }
        let similar = try await candidates(for: rows, feedID: feedID, connection)
        var choices: [StoryChoice] = []
        var batchURLs: [String: StoryChoice] = [:]
        for (index, row) in rows.enumerated() {
            guard !row.isEdit, let features = row.story else {
                choices.append(.founds)
                continue
            }
            var choice = StoryChoice.founds
            if let url = features.canonicalURL, let story = storedURLs[url] {
                choice = .joins(story)
            } else if let url = features.canonicalURL, let earlier = batchURLs[url] {
                choice = earlier
            } else if let story = similar[index] {
                choice = .joins(story)
            }
            // The first item with a URL keeps it (story_url's insert does nothing for a URL already there).
            if let url = features.canonicalURL, storedURLs[url] == nil, batchURLs[url] == nil {
                if case .founds = choice { batchURLs[url] = .sameAs(index) } else { batchURLs[url] = choice }
            }
            choices.append(choice)
        }
        return (choices, storedURLs.count)
    }

    /// The story each row joins by its text, by row index: members sharing one of its band keys, of another feed,
    /// within the window, the newest ``StoryMatch/membersPerBand`` per band; of those whose signatures agree enough, the most
    /// similar that StoryMatch accepts (the oldest of equals).
    ///
    /// Two reads for the whole refresh: every band row of its keys (by the primary key's prefix; the window and
    /// the newest per band are chosen here, which costs the server far less than a sorted look-up per band), then
    /// the chosen members' signatures.
    private func candidates(
        for rows: [PreparedItems.Row], feedID: Int64, _ connection: PostgresConnection
    ) async throws -> [Int: Int64] {
        var probes: [(index: Int, key: Int64, time: Double)] = []
        for (index, row) in rows.enumerated() {
            guard !row.isEdit, let features = row.story, features.text.minHashes.count == StoryText.hashCount
            else { continue }
            for key in features.text.bandKeys { probes.append((index, key, features.time)) }
        }
        guard !probes.isEmpty else { return [:] }
        // Each key's rows within the window of any of its probes: a key of boilerplate that thousands share
        // sends only the rows near this refresh's items.
        var spans: [Int64: (low: Double, high: Double)] = [:]
        for probe in probes {
            let span = spans[probe.key] ?? (probe.time, probe.time)
            spans[probe.key] = (min(span.low, probe.time), max(span.high, probe.time))
        }
        var bands: [Int64: [(member: Int64, time: Double)]] = [:]
        let keys = Array(spans.keys)
        // `band_key = ANY(keys)` reads the keys through the primary key's index; the join then keeps each key's span.
        for (key, member, time) in try await connection.all(
            """
            SELECT b.band_key, b.member, b.story_time
            FROM story_band b JOIN unnest(\(keys), \(spans.values.map(\.low)), \(spans.values.map(\.high))) AS q(k, lo, hi)
                ON q.k = b.band_key
            WHERE b.band_key = ANY(\(keys)) AND b.feed_id <> \(feedID)
                AND b.story_time BETWEEN q.lo - \(storyWindow) AND q.hi + \(storyWindow)
            """, as: (Int64, Int64, Double).self, logger: logger)
        {
            bands[key, default: []].append((member, time))
        }
        var wanted: [Int: Set<Int64>] = [:]
        for probe in probes {
            guard let members = bands[probe.key] else { continue }
            let inWindow = members.filter { abs($0.time - probe.time) <= storyWindow }.map(\.member)
            wanted[probe.index, default: []].formUnion(inWindow.sorted(by: >).prefix(StoryMatch.membersPerBand))
        }
        let chosen = wanted.values.reduce(into: Set<Int64>()) { $0.formUnion($1) }
        guard !chosen.isEmpty else { return [:] }
        var stored: [Int64: (story: Int64, text: StoryText)] = [:]
        for (member, story, titleWords, entities, signature) in try await connection.all(
            """
            SELECT member, story_id, title_words, entities, signature FROM story_member
            WHERE member = ANY(\(Array(chosen)))
            """, as: (Int64, Int64, String, String, Data).self, logger: logger)
        {
            stored[member] = (story, StoryText(blob: signature, titleWords: titleWords, entities: entities))
        }
        var found: [Int: Int64] = [:]
        for (index, members) in wanted {
            guard let text = rows[index].story?.text else { continue }
            let ranked = StoryMatch.ranked(
                members.compactMap { member in stored[member].map { (member, text.similarity(to: $0.text)) } })
            if let match = ranked.first(where: { StoryMatch.score(text, stored[$0.member]!.text) != nil }) {
                found[index] = stored[match.member]!.story
            }
        }
        return found
    }
}
