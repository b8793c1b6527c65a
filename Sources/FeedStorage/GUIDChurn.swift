import FeedModel

/// Detection of a feed that re-issues every guid while its links stay the same (a CMS that derives the guid from
/// the build time or a session, a proxy that rewrites ids), after which feedd matches its items by link.
///
/// An item is *churned* when its guid is unknown but its link is stored for the feed under another key; the feed
/// switches when at least ``minChurned`` items, and ``minShare`` of those with guid and link, churn in one refresh
/// (a site re-posting an article now and then churns one or two). The decision is stored (`feed_key_policy`),
/// logged once and never reversed: switching back would re-key stored items and hand consumers every item again.
package struct GUIDChurn: Sendable, Hashable {
    /// Churned items in the refresh that decided.
    var churned: Int
    /// Items with both a guid and a link in that refresh.
    var candidates: Int

    static let minChurned = 3
    static let minShare = 0.8

    /// The human reason stored with the decision and logged.
    package var reason: String {
        "\(churned) of \(candidates) items came with a new guid but a link already stored under another one"
    }

    /// The evidence in `items` against what is stored, when it is enough to switch the feed to links.
    package static func detect(in items: [Item], known: KnownItems) -> GUIDChurn? {
        // No stored link, no churn: a new feed's first refresh (most of a cold fetch) skips the scan.
        guard !known.storedLinks.isEmpty else { return nil }
        var candidates: [(id: String, link: String)] = []
        var unknownIDs = 0
        for item in items {
            guard let id = ItemIdentity.nonBlank(item.id), let link = ItemIdentity.nonBlank(item.url) else {
                continue
            }
            candidates.append((id, link))
            if known.hashes[id] == nil { unknownIDs += 1 }
        }
        // Only an item with an unknown guid can be churned: when too few are, no link needs normalizing (the
        // usual refresh, where every guid is known, then costs no pass over the stored links).
        guard unknownIDs >= minChurned, Double(unknownIDs) >= minShare * Double(candidates.count) else { return nil }
        let keysByLink = known.keysByLink()
        var churned = 0
        for (id, link) in candidates where known.hashes[id] == nil {
            if let storedKey = keysByLink[ItemIdentity.normalizedLink(link)], storedKey != id { churned += 1 }
        }
        guard churned >= minChurned, Double(churned) >= minShare * Double(candidates.count) else { return nil }
        return GUIDChurn(churned: churned, candidates: candidates.count)
    }
}

/// How a feed's items are keyed: by guid (the default, ``ItemIdentity``) or, after ``GUIDChurn``, by link.
package enum KeyPolicy: String, Sendable {
    case guid
    case link

    /// The item's key under this policy: with `.link`, the normalized link comes first, then the guid, then the
    /// content hash (ItemIdentity's order for the rest).
    package func key(for item: Item) -> String {
        if self == .link, let link = ItemIdentity.nonBlank(item.url) { return ItemIdentity.normalizedLink(link) }
        return ItemIdentity.key(for: item)
    }
}

/// What is stored for one feed, read before a commit: keys with their content hashes (tombstones included), the
/// key stored for each normalized link, and the feed's key policy.
package struct KnownItems: Sendable {
    package var hashes: [String: String] = [:]
    /// Each stored item's link with its key, as stored (normalized by ``keysByLink()`` when needed).
    package var storedLinks: [(link: String, key: String)] = []
    package var policy: KeyPolicy = .guid

    package init() {}

    /// The key stored for each normalized link (the first item stored with it keeps it).
    package func keysByLink() -> [String: String] {
        var keys: [String: String] = [:]
        for (link, key) in storedLinks {
            let normalized = ItemIdentity.normalizedLink(link)
            if keys[normalized] == nil { keys[normalized] = key }
        }
        return keys
    }
}
