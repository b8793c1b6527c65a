/// Why a document could not be read as a feed.
public struct FeedParsingError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case empty
        case html
        case binary
        case unknownRoot(String)
        case noRoot
        case notJSONFeed
        case unreadable(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    static let empty = FeedParsingError(.empty)
    static let html = FeedParsingError(.html)
    static let binary = FeedParsingError(.binary)
    static let noRoot = FeedParsingError(.noRoot)
    static let notJSONFeed = FeedParsingError(.notJSONFeed)
    static func unknownRoot(_ name: String) -> FeedParsingError { FeedParsingError(.unknownRoot(name)) }
    static func unreadable(_ reason: String) -> FeedParsingError { FeedParsingError(.unreadable(reason)) }

    /// A sentence naming the cause.
    public var description: String {
        switch kind {
        case .empty: "not a feed: the document is empty"
        case .html: "not a feed: the document is an HTML page"
        case .binary: "not a feed: the document is binary data, not text"
        case .noRoot: "not a feed: the document has no XML element"
        case .notJSONFeed:
            "not a feed: the JSON document has no JSON Feed version (https://jsonfeed.org/version/1 or 1.1)"
        case .unknownRoot(let name): "not a feed: the root element <\(name)> is not RSS, RDF or Atom"
        case .unreadable(let reason): "the feed could not be read: \(reason)"
        }
    }

    /// True when the document is not a feed at all (HTML pages, empty bodies, binary, unknown root elements),
    /// as opposed to a feed that could not be read.
    public var isNotAFeed: Bool {
        if case .unreadable = kind { return false }
        return true
    }
}
