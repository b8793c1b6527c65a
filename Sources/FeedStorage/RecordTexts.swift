import FeedModel
import Foundation

/// The JSON columns of feed rows (tags, aliases, polling hints) decoded once per distinct text while a listing is
/// read: thousands of feeds share a handful of values (`[]`, the same `sy:updatePeriod`), and JSONDecoder costs far
/// more than the dictionary look-up.
package struct RecordTexts {
    private var lists: [String: [String]] = [:]
    private var hints: [String: PollingHints] = [:]

    package init() {}

    /// A JSON array of strings; only `register` and SQLite's `json_group_array` write these columns, so text edited
    /// by hand into something else costs the feed that field, not the whole listing.
    package mutating func list(_ text: String) -> [String] {
        if let known = lists[text] { return known }
        let list = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
        lists[text] = list
        return list
    }

    /// The polling hints of `StoredHints.decode`; none for NULL.
    package mutating func hints(_ text: String?) -> PollingHints {
        guard let text else { return PollingHints() }
        if let known = hints[text] { return known }
        let decoded = StoredHints.decode(text)
        hints[text] = decoded
        return decoded
    }
}
