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
    /// one of story_band for the whole refresh.
    func storyChoices(
        for rows: [PreparedItems.Row], feedID: Int64, _ connection: PostgresConnection
    ) async throws -> [StoryChoice] {
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
        return choices
    }

    /// The story each row joins by its text, by row index: members sharing one of its band keys, of another feed,
    /// within the window, the newest ``StoryIndexRules/membersPerBand`` per band; of those whose signatures agree
    /// enough, the most similar that StoryMatch accepts (the oldest of equals).
    private func candidates(
        for rows: [PreparedItems.Row], feedID: Int64, _ connection: PostgresConnection
    ) async throws -> [Int: Int64] {
        var indexes: [Int64] = []
        var keys: [Int64] = []
        var times: [Double] = []
        for (index, row) in rows.enumerated() {
            guard !row.isEdit, let features = row.story, features.text.minHashes.count == StoryText.hashCount
            else { continue }
            for key in features.text.bandKeys {
                indexes.append(Int64(index))
                keys.append(key)
                times.append(features.time)
            }
        }
        guard !keys.isEmpty else { return [:] }
        var found: [Int: [Int64: (story: Int64, text: StoryText)]] = [:]
        let matches = try await connection.all(
            """
            SELECT q.i, m.member, m.story_id, m.title_words, m.entities, m.signature
            FROM unnest(\(indexes), \(keys), \(times)) AS q(i, band_key, t)
            CROSS JOIN LATERAL (
                SELECT member FROM story_band
                WHERE band_key = q.band_key AND feed_id <> \(feedID)
                    AND story_time BETWEEN q.t - \(storyWindow) AND q.t + \(storyWindow)
                ORDER BY member DESC LIMIT \(Int64(Self.membersPerBand))
            ) AS b
            JOIN story_member m ON m.member = b.member
            """, as: (Int64, Int64, Int64, String, String, Data).self, logger: logger)
        for (index, member, story, titleWords, entities, signature) in matches
        where found[Int(index)]?[member] == nil {
            found[Int(index), default: [:]][member] = (
                story, StoryText(blob: signature, titleWords: titleWords, entities: entities)
            )
        }
        var chosen: [Int: Int64] = [:]
        for (index, members) in found {
            guard let text = rows[index].story?.text else { continue }
            let ranked = members.compactMap { member, stored -> (member: Int64, similarity: Double, story: Int64)? in
                let equal = zip(stored.text.minHashes, text.minHashes).filter { $0 == $1 }.count
                let similarity = Double(equal) / Double(StoryText.hashCount)
                guard similarity >= StoryMatch.minSimilarity else { return nil }
                return (member, similarity, stored.story)
            }.sorted { ($0.similarity, -$0.member) > ($1.similarity, -$1.member) }
            for candidate in ranked where StoryMatch.score(text, members[candidate.member]!.text) != nil {
                chosen[index] = candidate.story
                break
            }
        }
        return chosen
    }

    /// Members of one band a look-up takes (as the SQLite store's index): the newest of another feed in the window.
    static let membersPerBand = 16

    /// Indexes stored items under their stories: canonical URL (the first keeps it), member row and band keys.
    func indexStories(
        _ stored: [(seq: Int64, row: PreparedItems.Row, story: Int64)], feedID: Int64,
        _ connection: PostgresConnection
    ) async throws {
        var urls: [String] = []
        var urlStories: [Int64] = []
        var members: [(seq: Int64, story: Int64, features: StoryFeatures)] = []
        for (seq, row, story) in stored {
            guard let features = row.story else { continue }
            if let url = features.canonicalURL {
                urls.append(url)
                urlStories.append(story)
            }
            if features.text.minHashes.count == StoryText.hashCount { members.append((seq, story, features)) }
        }
        if !urls.isEmpty {
            // In row order, so that the first row with a URL keeps it.
            try await connection.run(
                """
                INSERT INTO story_url (url, story_id)
                SELECT url, story_id FROM unnest(\(urls), \(urlStories)) WITH ORDINALITY AS v(url, story_id, n)
                ORDER BY n
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        guard !members.isEmpty else { return }
        for start in stride(from: 0, to: members.count, by: Self.rowsPerStatement) {
            let chunk = members[start..<min(start + Self.rowsPerStatement, members.count)]
            var binds = PostgresBindings(capacity: chunk.count * 7)
            var bandKeys: [Int64] = []
            var bandMembers: [Int64] = []
            var bandTimes: [Double] = []
            for (seq, story, features) in chunk {
                binds.append(seq)
                binds.append(feedID)
                binds.append(story)
                binds.append(features.time)
                binds.append(features.text.titleWords.sorted().joined(separator: " "))
                binds.append(features.text.entities.sorted().joined(separator: " "))
                try binds.append(features.text.signatureBlob)
                for key in features.text.bandKeys {
                    bandKeys.append(key)
                    bandMembers.append(seq)
                    bandTimes.append(features.time)
                }
            }
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO story_member (member, feed_id, story_id, story_time, title_words, entities, signature)
                        VALUES \(Self.values(rows: chunk.count, columns: 7))
                        """, binds: binds), logger: logger)
            try await connection.run(
                """
                INSERT INTO story_band (band_key, member, feed_id, story_time)
                SELECT k, m, \(feedID), t FROM unnest(\(bandKeys), \(bandMembers), \(bandTimes)) AS v(k, m, t)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }
}
