/// Whether two items' texts tell the same story, and how closely.
///
/// The thresholds were set on the labelled set in Tests/Fixtures/stories (syndicated copies with rewritten titles,
/// trimmed bodies and datelines; look-alike "X raises $N million" template stories; follow-ups on one topic),
/// where they give precision 1 and recall above 0.9; each has a reason beyond that set:
/// - ``minSimilarity``: copies of one article share most of their lead shingles even when trimmed or prefixed by a
///   dateline (J ≈ 0.6–1), while two different articles on one topic, written separately, share only stock
///   phrases (J < 0.3). 0.5 sits between, where the MinHash estimate (σ ≤ 0.072) rarely crosses either way.
/// - ``minEntityOverlap``: press-release templates share whole sentences ("a leading provider of …, today
///   announced it raised … in a Series B round led by …") and reach J ≈ 0.5 with different companies and sums;
///   a story is about who and how much, so when both leads name people, companies or numbers, at least half of
///   the smaller set must recur in the other.
/// - ``minTitleOverlap`` unless ``strongSimilarity``: editors rewrite headlines, but a copy's headline still
///   shares a word that matters (a name, the verb, the number) with the original; a near-identical lead (J ≥ 0.8)
///   is the same text whatever the headline says.
package enum StoryMatch {
    /// Members of one band a look-up takes: the newest (by member) of another feed within the window. A band that
    /// boilerplate ("Subscribe to our newsletter…") shares with thousands of items would otherwise make every
    /// look-up read all of them; near-duplicates of a new item are recent, so the newest 16 hold them.
    package static let membersPerBand = 16
    package static let minSimilarity = 0.5
    static let strongSimilarity = 0.8
    static let minEntityOverlap = 0.5
    static let minTitleOverlap = 0.2
    /// Entity sets smaller than this say too little to veto a match.
    static let minEntities = 2

    /// The candidates worth comparing, in the order they are tried: at least ``minSimilarity``, the most similar
    /// first, the oldest (lowest member) of equals. The first that ``score(_:_:)`` accepts is the story joined.
    package static func ranked(_ candidates: [(member: Int64, similarity: Double)]) -> [(
        member: Int64, similarity: Double
    )] {
        candidates.filter { $0.similarity >= minSimilarity }
            .sorted { ($0.similarity, -$0.member) > ($1.similarity, -$1.member) }
    }

    /// The estimated similarity when `a` and `b` are the same story, nil when they are not.
    package static func score(_ a: StoryText, _ b: StoryText) -> Double? {
        score(a, similarity: a.similarity(to: b), titleWords: { b.titleWords }, entities: { b.entities })
    }

    /// ``score(_:_:)`` against a stored member whose similarity to `a` is known, with its title words and entities
    /// as stored (space-separated): each set is made only when a rule needs it.
    package static func score(_ a: StoryText, similarity: Double, titleWords: String, entities: String) -> Double? {
        score(
            a, similarity: similarity, titleWords: { StoryText.words(titleWords) },
            entities: { StoryText.words(entities) })
    }

    private static func score(
        _ a: StoryText, similarity: Double, titleWords: () -> Set<String>, entities: () -> Set<String>
    ) -> Double? {
        guard similarity >= minSimilarity else { return nil }
        if a.entities.count >= minEntities {
            let other = entities()
            if other.count >= minEntities, StoryText.overlap(a.entities, other) < minEntityOverlap { return nil }
        }
        if similarity < strongSimilarity, !a.titleWords.isEmpty {
            let other = titleWords()
            if !other.isEmpty, StoryText.overlap(a.titleWords, other) < minTitleOverlap { return nil }
        }
        return similarity
    }
}
