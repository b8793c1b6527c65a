import FeedXML
import Foundation

/// A subscription list in OPML 2.0 (<http://opml.org/spec2.opml>), the format every aggregator imports and
/// exports.
///
/// Only what a subscription needs is kept: each `<outline>` with an `xmlUrl` is a feed; the outlines that contain
/// it (folders, as Miniflux, FreshRSS and Feedly write categories) and its `category` attribute become its tags.
public struct OPMLDocument: Sendable, Hashable {
    /// The list's title (`head/title`).
    public var title: String?
    /// The feeds, in document order, each once (by URL).
    public var subscriptions: [OPMLSubscription]

    /// A document with these subscriptions.
    public init(title: String? = nil, subscriptions: [OPMLSubscription] = []) {
        self.title = title
        self.subscriptions = subscriptions
    }
}

/// One feed of an OPML subscription list.
public struct OPMLSubscription: Sendable, Hashable {
    /// The feed's URL (`xmlUrl`).
    public var url: String
    /// Its title (`title`, else `text`).
    public var title: String?
    /// The site's page (`htmlUrl`).
    public var homePageURL: String?
    /// The folders it sits in, outermost first, then its `category` entries.
    public var tags: [String]

    /// A subscription with these fields.
    public init(url: String, title: String? = nil, homePageURL: String? = nil, tags: [String] = []) {
        self.url = url
        self.title = title
        self.homePageURL = homePageURL
        self.tags = tags
    }
}

/// Why an OPML file could not be read.
public struct OPMLError: Error, Sendable, CustomStringConvertible {
    /// A sentence naming the cause.
    public let description: String
}

extension OPMLDocument {
    /// Reads an OPML document (any version: 1.0 files differ only in what they require).
    ///
    /// Attribute names are matched case-insensitively: the spec writes `xmlUrl`, but `xmlURL` and `xmlurl` are
    /// common in files written by hand or by older tools.
    public init(bytes: [UInt8]) throws(OPMLError) {
        let reader: XMLPullReader
        do {
            reader = try XMLPullReader(bytes: bytes)
        } catch {
            throw OPMLError(description: "not an OPML document: \(error)")
        }
        var root: XMLStartTag?
        while let event = reader.next() {
            if case .start(let tag) = event {
                root = tag
                break
            }
        }
        guard let root, root.localName.lowercased() == "opml" else {
            throw OPMLError(description: "not an OPML document (its root element is not <opml>)")
        }
        self.init()
        if root.isEmpty { return }
        // One entry per open element below the root: the folder label for outlines without a feed URL, nil for
        // everything else, so the folders around an outline are the non-nil entries.
        var open: [String?] = []
        var seen: [String: Int] = [:]
        while let event = reader.next() {
            switch event {
            case .start(let tag):
                let name = tag.localName.lowercased()
                if open.isEmpty, name == "head" {
                    if !tag.isEmpty { readHead(reader) }
                    continue
                }
                var folder: String?
                if name == "outline" {
                    let label = (tag.lenientAttribute("title") ?? tag.lenientAttribute("text"))?.trimmed.nonEmpty
                    if let url = tag.lenientAttribute("xmlUrl")?.trimmed.nonEmpty {
                        // Writers (feedd among them) fill the required `text` with the URL when a feed has no
                        // title: that is no title.
                        let label = label == url ? nil : label
                        let tags = open.compactMap { $0 } + Self.categories(tag.lenientAttribute("category"))
                        let home = tag.lenientAttribute("htmlUrl")?.trimmed.nonEmpty
                        if let index = seen[url] {
                            subscriptions[index].tags = (subscriptions[index].tags + tags).uniqued()
                        } else {
                            seen[url] = subscriptions.count
                            subscriptions.append(
                                OPMLSubscription(url: url, title: label, homePageURL: home, tags: tags.uniqued()))
                        }
                    } else {
                        folder = label
                    }
                }
                if !tag.isEmpty { open.append(folder) }
            case .end:
                if open.isEmpty { return }
                open.removeLast()
            case .text:
                continue
            }
        }
    }

    /// Reads `<head>` up to its end tag, keeping its title.
    private mutating func readHead(_ reader: XMLPullReader) {
        var depth = 1
        while depth > 0, let event = reader.next() {
            switch event {
            case .start(let tag):
                if depth == 1, tag.localName.lowercased() == "title" {
                    let text = reader.readElement(tag).text.trimmed
                    if !text.isEmpty { title = text }
                } else if !tag.isEmpty {
                    depth += 1
                }
            case .end: depth -= 1
            case .text: continue
            }
        }
    }

    /// OPML 2.0: "a string of comma-separated slash-delimited category strings"; each becomes a tag, without
    /// the leading slash.
    static func categories(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").compactMap { entry in
            var text = entry.trimmed
            while text.hasPrefix("/") { text.removeFirst() }
            return text.nonEmpty
        }
    }
}

extension XMLStartTag {
    /// An attribute without a namespace, its name compared case-insensitively.
    fileprivate func lenientAttribute(_ name: String) -> String? {
        let lowered = name.lowercased()
        return attributes.first { $0.namespace.isEmpty && $0.localName.lowercased() == lowered }?.value
    }
}

extension StringProtocol {
    fileprivate var trimmed: String {
        String(self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension Array where Element == String {
    fileprivate func uniqued() -> [String] {
        var seen: Set<String> = []
        return filter { seen.insert($0).inserted }
    }
}
