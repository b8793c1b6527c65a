import FeedFetching
import FeedModel
import Foundation

/// Where a feed says it is pushed from (W3C WebSub §4): the hubs to subscribe at and the topic URL to subscribe
/// to.
public struct HubDiscovery: Sendable, Hashable {
    /// Where the hubs were found.
    public enum Source: Sendable, Hashable {
        /// The response's HTTP `Link` headers.
        case linkHeaders
        /// The document's own links: `atom:link` in Atom and in RSS, a JSON Feed's `hubs`.
        case document
    }

    /// The hubs, absolute http(s) URLs, in the order advertised, without duplicates, at most ``maximumHubs``.
    public var hubs: [String]
    /// The topic: the `self` link from the same source as the hubs, else the feed's URL.
    public var topic: String
    /// Where the hubs came from.
    public var source: Source

    /// A discovery from its parts.
    public init(hubs: [String], topic: String, source: Source) {
        self.hubs = hubs
        self.topic = topic
        self.source = source
    }

    /// The most hubs one feed may name. Hub URLs come from the feed's publisher, a stranger: each hub costs a
    /// subscription request, a verification and a renewal every lease, so a feed naming hundreds would make feedd
    /// send requests wherever it says. Real feeds name one (WordPress.com, Blogger, Google's hub, Superfeedr) or
    /// two; four leaves room for a publisher moving between hubs while bounding the cost.
    public static let maximumHubs = 4

    /// What a fetched feed advertises, or nil when it names no usable hub.
    ///
    /// The HTTP `Link` headers come first (WebSub §4: a publisher may advertise there whatever the content type),
    /// else the document's links. The topic is the `self` link of the source that named the hubs, so that hubs
    /// and topic come from one statement of the publisher; else the URL the feed was fetched from. URLs are
    /// resolved against `responseURL` (after redirects; a document's links were already resolved against its
    /// `xml:base` by the parser); only http and https are kept, for hubs and topic alike.
    /// - Parameters:
    ///   - feedURL: The feed's configured URL, the topic when no `self` is advertised.
    ///   - responseURL: The URL the document came from, the base of relative links.
    ///   - linkHeaders: The response's ``FetchResponse/links``.
    ///   - documentLinks: The parsed feed's ``Feed/links``.
    public static func discover(
        feedURL: String, responseURL: String, linkHeaders: [WebLink], documentLinks: [Link]
    ) -> HubDiscovery? {
        let base = URL(string: responseURL)
        // RFC 8288 §3.2: a link with an `anchor` is about the resource the anchor names, not this feed.
        let ownLinks = linkHeaders.filter { link in
            link.parameters["anchor"].map { absoluteWebURL($0, base: base) == base?.absoluteString } ?? true
        }
        let headerHubs = usable(ownLinks.filter { $0.hasRelation("hub") }.map(\.target), base: base)
        if !headerHubs.isEmpty {
            let topic = usable(ownLinks.filter { $0.hasRelation("self") }.map(\.target), base: base).first
            return HubDiscovery(hubs: headerHubs, topic: topic ?? feedURL, source: .linkHeaders)
        }
        func hrefs(_ relation: String) -> [String] {
            documentLinks.filter { $0.rel?.lowercased() == relation }.map(\.href)
        }
        let documentHubs = usable(hrefs("hub"), base: base)
        guard !documentHubs.isEmpty else { return nil }
        let topic = usable(hrefs("self"), base: base).first
        return HubDiscovery(hubs: documentHubs, topic: topic ?? feedURL, source: .document)
    }

    /// The http(s) URLs among `references`, resolved, first occurrences only, at most ``maximumHubs``.
    static func usable(_ references: [String], base: URL?) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for reference in references {
            guard let url = absoluteWebURL(reference, base: base), seen.insert(url).inserted else { continue }
            result.append(url)
            if result.count == maximumHubs { break }
        }
        return result
    }

    /// `reference` resolved against `base`, when the result is an http(s) URL with a host.
    static func absoluteWebURL(_ reference: String, base: URL?) -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: trimmed, relativeTo: base)?.absoluteURL,
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { return nil }
        return url.absoluteString
    }
}
