import Foundation
import FeedXML

/// Finds the feeds an HTML page advertises: `<link rel="alternate" type="application/rss+xml">` (and Atom and
/// JSON Feed types), the RSS autodiscovery convention (rssboard.org "RSS Autodiscovery") that HTML's `alternate`
/// link type formalises (WHATWG HTML §4.6.7.1).
enum FeedDiscovery {
    /// The `type` values that name a feed.
    static let feedTypes: Set<String> = ["application/rss+xml", "application/atom+xml", "application/feed+json"]

    /// The advertised feed URLs in document order, resolved against the page's `<base href>` (itself resolved
    /// against `pageURL`, WHATWG HTML §2.4.1 "document base URL"), without repeats.
    static func candidates(in bytes: [UInt8], encoding: String?, pageURL: String?) -> [String] {
        let nodes = HTMLNode.parseDocument(bytes, encoding: encoding)
        var links: [[HTMLAttribute]] = []
        var base: String?
        collect(nodes, links: &links, base: &base)
        let documentBase = base.map { URLResolver.resolve($0, against: pageURL) } ?? pageURL
        var seen: Set<String> = []
        var found: [String] = []
        for attributes in links {
            func value(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
            // rel is a set of space-separated, case-insensitive tokens (HTML §4.6.1): "alternate feed" counts.
            let rels = (value("rel") ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }
            )
            guard rels.contains("alternate") else { continue }
            // Parameters (`; charset=utf-8`) do not change the type.
            let type = (value("type") ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard let type, feedTypes.contains(type) else { continue }
            guard let href = value("href")?.trimmingCharacters(in: .whitespacesAndNewlines), !href.isEmpty else {
                continue
            }
            let url = URLResolver.resolve(href, against: documentBase)
            if seen.insert(url).inserted { found.append(url) }
        }
        return found
    }

    /// Gathers every `<link>` element's attributes and the first `<base href>`, depth first.
    private static func collect(_ nodes: [HTMLNode], links: inout [[HTMLAttribute]], base: inout String?) {
        for node in nodes {
            guard case .element(let name, let attributes, let children) = node else { continue }
            if name == "link" { links.append(attributes) }
            if name == "base", base == nil, let href = attributes.first(where: { $0.name == "href" })?.value {
                base = href
            }
            collect(children, links: &links, base: &base)
        }
    }
}
