import FeedCrypto
import FeedModel
import Foundation

/// The identity of an item within its feed: what the store deduplicates on (`UNIQUE(feed_id, key)`).
///
/// Three sources, strongest first:
/// 1. The item's own id (RSS `guid`, Atom `id`, JSON Feed `id`), trimmed. These exist precisely to identify an item
///    across fetches (RSS 2.0 "guid: a string that uniquely identifies the item"; RFC 4287 §4.2.6 "atom:id …
///    permanent, universally unique identifier"), so when present nothing else is looked at: a title or body
///    edited later is the same item.
/// 2. The item's link, normalized: many RSS feeds carry no guid, and the permalink is then the most stable thing
///    left (it survives edits of the text).
/// 3. `sha256:` + SHA-256 of title + NUL + content: an item with neither id nor link (RSS 2.0 allows an item with
///    only a title or only a description) can only be recognized by what it says. The NUL separator keeps
///    ("ab", "c") and ("a", "bc") apart.
public enum ItemIdentity {
    /// The key the store deduplicates this item on within its feed.
    public static func key(for item: Item) -> String {
        if let id = nonBlank(item.id) { return id }
        if let link = nonBlank(item.url) { return normalizedLink(link) }
        // Content in the order a reader would see it: full HTML, else plain text, else the summary; the same
        // order every time so the same item always hashes the same.
        let content = item.contentHTML ?? item.contentText ?? item.summary ?? ""
        return "sha256:" + SHA256.hex((item.title ?? "") + "\u{0}" + content)
    }

    /// What decides that a known item was edited: its title, link, content and summary.
    ///
    /// Not the whole item: feeds rewrite comment counts, tracking parameters in enclosure URLs or category order on
    /// every build, and an "update" for each of those would flood consumers that ask for updates.
    public static func contentHash(for item: Item) -> String {
        var hasher = SHA256()
        for part in [item.title, item.url, item.contentHTML ?? item.contentText, item.summary] {
            hasher.update(part ?? "")
            hasher.update([0])
        }
        return SHA256.hexString(hasher.finalize())
    }

    /// The trimmed text, or nil when absent or only whitespace (an empty `<guid/>` identifies nothing).
    package static func nonBlank(_ text: String?) -> String? {
        // A scan over scalars: Foundation's trimmingCharacters(in:) goes through NSString and showed up in the
        // store's insert profile (it runs on every id and link of every refresh).
        guard let text else { return nil }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return nil }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    /// The link with its scheme and host lower-cased and its fragment dropped.
    ///
    /// - Scheme and host are case-insensitive (RFC 3986 §3.1, §3.2.2, and the normalization of §6.2.2.1), so
    ///   `HTTP://Example.COM/a` and `http://example.com/a` are one resource. Path, query and user info are
    ///   case-sensitive and kept as they are.
    /// - The fragment is never sent to the server (RFC 3986 §3.5: it is resolved by the client within the
    ///   retrieved document), so it names a place in the same page; feeds that tack on `#comments` or a
    ///   tracking anchor that changes between fetches would otherwise repeat an item. The cost: a changelog-style
    ///   feed whose only per-item difference is `page#v2`, `page#v3` and which has no guid collapses to one item.
    package static func normalizedLink(_ link: String) -> String {
        var text = Substring(link)
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        guard let separator = schemeSeparator(in: text), isScheme(text[..<separator.lowerBound]) else {
            // Not an absolute hierarchical URL: nothing is known to be case-insensitive in it.
            return String(text)
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var normalizedAuthority: String
        if let at = authority.lastIndex(of: "@") {
            // User info is case-sensitive (RFC 3986 §3.2.1); only the host and port after it are lowered.
            normalizedAuthority = String(authority[...at])
            normalizedAuthority += authority[authority.index(after: at)...].lowercased()
        } else {
            normalizedAuthority = authority.lowercased()
        }
        return scheme + "://" + normalizedAuthority + rest[authorityEnd...]
    }

    /// Where the first "://" is: a plain scan (Foundation's `range(of:)` goes through CFString, far slower), over
    /// the UTF-8 bytes (comparing Characters ran grapheme breaking over every URL). A ":" byte joined to a
    /// combining mark is no ":" Character, and the "//" test, still on Characters from the byte after it, fails
    /// there too: the same answer as a scan of Characters.
    static func schemeSeparator(in text: Substring) -> Range<Substring.Index>? {
        var from = text.startIndex
        while let colon = text.utf8[from...].firstIndex(of: UInt8(ascii: ":")) {
            let after = text.utf8.index(after: colon)
            if text[after...].hasPrefix("//") { return colon..<text.index(after, offsetBy: 2) }
            from = after
        }
        return nil
    }

    /// RFC 3986 §3.1: `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }
}
