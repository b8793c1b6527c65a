/// Why a document could not be read as a feed.
public struct FeedParsingError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case empty
        case html(candidates: [String])
        case binary
        case unknownRoot(String)
        case noRoot
        case notJSONFeed
        case unreadable(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// For an HTML page: the feed URLs it advertises with `<link rel="alternate">` (RSS, Atom, JSON Feed), resolved
    /// against the page URL, in document order. Empty otherwise.
    public var candidates: [String] {
        if case .html(let candidates) = kind { return candidates }
        return []
    }

    static let empty = FeedParsingError(.empty)
    static let html = FeedParsingError(.html(candidates: []))
    static func html(candidates: [String]) -> FeedParsingError { FeedParsingError(.html(candidates: candidates)) }
    var isHTML: Bool {
        if case .html = kind { return true }
        return false
    }
    static let binary = FeedParsingError(.binary)
    static let noRoot = FeedParsingError(.noRoot)
    static let notJSONFeed = FeedParsingError(.notJSONFeed)
    static func unknownRoot(_ name: String) -> FeedParsingError { FeedParsingError(.unknownRoot(name)) }
    static func unreadable(_ reason: String) -> FeedParsingError { FeedParsingError(.unreadable(reason)) }

    /// A sentence naming the cause.
    public var description: String {
        switch kind {
        case .empty: "not a feed: the document is empty"
        case .html(let candidates): "not a feed: the document is an HTML page" + Self.linking(candidates)
        case .binary: "not a feed: the document is binary data, not text"
        case .noRoot: "not a feed: the document has no XML element"
        case .notJSONFeed:
            "not a feed: the JSON document has no JSON Feed version (https://jsonfeed.org/version/1 or 1.1)"
        case .unknownRoot(let name): "not a feed: the root element <\(name)> is not RSS, RDF or Atom"
        case .unreadable(let reason): "the feed could not be read: \(reason)"
        }
    }

    /// The tail of the HTML page sentence naming the feeds it links to, if any.
    private static func linking(_ candidates: [String]) -> String {
        if candidates.isEmpty { return "" }
        if candidates.count == 1 { return " linking to the feed " + candidates[0] }
        return " linking to \(candidates.count) feeds: " + candidates.joined(separator: ", ")
    }

    /// True when the document is not a feed at all (HTML pages, empty bodies, binary, unknown root elements),
    /// as opposed to a feed that could not be read.
    public var isNotAFeed: Bool {
        if case .unreadable = kind { return false }
        return true
    }
}
