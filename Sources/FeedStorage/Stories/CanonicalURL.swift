import FeedCrypto
import FeedModel
import Foundation

/// The form of an article URL under which syndicated copies of one article compare equal.
///
/// Aggregators and social re-posts link the same page with cosmetic differences; each rule below undoes one:
/// - scheme dropped: `http://` and `https://` copies of a page are the same article (sites moved to HTTPS and old
///   feeds keep the old links);
/// - host lower-cased (RFC 3986 §3.2.2: case-insensitive), a leading `www.` folded (sites serve both and feeds
///   mix them), the default port removed (RFC 3986 §6.2.3);
/// - fragment dropped (RFC 3986 §3.5: never sent to the server, so it names a place in the same page);
/// - tracking parameters removed (``trackingParameters``): they say who shared the link, not what it is;
/// - the remaining query parameters sorted: servers read them as a set in practice, and re-posters reorder them;
/// - trailing slashes of the path removed: `/story/` and `/story` are one page on virtually every site.
/// The preferred source is FeedBurner's `origLink` (the parser keeps it as a `canonical` link, RFC 6596): a
/// FeedBurner item's own link is a per-feed redirector that never equals another copy's.
public enum CanonicalURL {
    /// The canonical form of the item's article URL, or nil when it has none that is absolute http(s).
    public static func of(_ item: Item) -> String? {
        let candidates =
            item.links.filter { $0.rel == "canonical" }.map(\.href) + [item.url, item.id].compactMap { $0 }
        for candidate in candidates {
            if let canonical = canonical(candidate) { return canonical }
        }
        return nil
    }

    /// The key under which the store indexes a canonical URL: the first 8 bytes of its SHA-256, as a signed
    /// integer. An integer key keeps the index a fifth of the size of the URLs themselves, and every new item
    /// touches it at a random place; two URLs that differ share a key with a chance of about n²/2⁶⁵ among n, and
    /// a feed cannot aim one at another's story (a second preimage of SHA-256).
    public static func key(_ canonical: String) -> Int64 {
        var hasher = SHA256()
        hasher.update(canonical)
        return hasher.finalize().prefix(8).reduce(0) { $0 << 8 | Int64($1) }
    }

    /// The key of a canonical URL's host, which leads story_url's key: a feed's items, nearly all on one host,
    /// then sit together in that index, and a commit of their keys touches a page or two of it instead of one
    /// each. FNV-1a (64-bit) of the host, never 0 (the host key of rows written before there was one); it only
    /// decides where a key sits, ``key(_:)`` tells URLs apart.
    public static func hostKey(_ canonical: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonical.utf8 {
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") { break }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash >> 1 | 1)
    }

    /// Query parameters that identify a campaign or a click, never the resource: Google Analytics' `utm_*`,
    /// Facebook's `fbclid`, Google Ads' `gclid`/`dclid`/`gbraid`/`wbraid`, Microsoft's `msclkid`, Mailchimp's
    /// `mc_cid`/`mc_eid`, Instagram's `igshid`, Yandex's `yclid`, and the `ref`/`ref_src`/`source` labels that
    /// sites and aggregators append to say where a click came from.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "ref",
        "ref_src", "ref_url", "source", "_ga", "_hsenc", "_hsmi", "cmpid", "ncid", "sr_share",
    ]

    /// `host[/path][?query]` with the rules above, or nil for anything but an absolute http(s) URL.
    public static func canonical(_ link: String) -> String? {
        guard let trimmed = ItemIdentity.nonBlank(link) else { return nil }
        var text = Substring(trimmed)
        // Delimiters are found on the UTF-8 bytes: comparing Characters ran grapheme breaking over every URL.
        if let hash = text.utf8.firstIndex(of: UInt8(ascii: "#")) { text = text[..<hash] }
        guard let separator = ItemIdentity.schemeSeparator(in: text) else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[separator.upperBound...]
        let authorityEnd =
            rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
        var host = rest[..<authorityEnd].lowercased()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if host.hasSuffix(":80") || host.hasSuffix(":443") { host = String(host[..<host.lastIndex(of: ":")!]) }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        guard !host.isEmpty else { return nil }
        let afterHost = rest[authorityEnd...]
        let queryStart = afterHost.utf8.firstIndex(of: UInt8(ascii: "?"))
        var path = queryStart.map { afterHost[..<$0] } ?? afterHost
        while path.hasSuffix("/") { path.removeLast() }
        var result = host + path
        if let queryStart {
            let parameters = afterHost[afterHost.utf8.index(after: queryStart)...].split(separator: "&").filter {
                let name = $0.prefix { $0 != "=" }.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            if !parameters.isEmpty { result += "?" + parameters.sorted().joined(separator: "&") }
        }
        return result
    }
}
