import FeedModel
import FeedXML

/// Item elements of the extension modules RSS items and Atom entries share: Slash's comment count, the Well-Formed
/// Web comment feed, iTunes' episode duration and Media RSS (with `media:group`).
enum ItemExtensions {
    /// Applies `element` when it is one of these modules' item elements; false when it is not. An `itunes:duration`
    /// goes to `duration` (seconds), for ``finish(_:duration:)`` to give the item's attachments once all are known.
    static func apply(_ element: XMLElement, scope: Scope, to item: inout Item, duration: inout Int?) -> Bool {
        let name = element.localName
        let namespace = element.namespace
        // Every extension element of an item is asked, most of them Dublin Core or content: the URI's length, which
        // a native string knows, turns those away before a comparison of bytes.
        switch namespace.utf8.count {
        case Namespace.slash.utf8.count where namespace == Namespace.slash && name == "comments":
            // Slash module (purl.org/rss/1.0/modules/slash/): "the number of comments".
            if let count = Int(element.text.trimmingWhitespace), count >= 0 { item.commentsCount = count }
        case Namespace.wfw.utf8.count
        where namespace == Namespace.wfw && (name == "commentRss" || name == "commentRSS"):
            // Well-Formed Web CommentAPI: the RSS feed of this item's comments (both spellings occur).
            if let url = element.text.nonEmpty { item.commentsFeedURL = scope.resolve(url) }
        case Namespace.itunes.utf8.count where namespace == Namespace.itunes && name == "duration":
            duration = seconds(element.text) ?? duration
        case Namespace.media.utf8.count where namespace == Namespace.media:
            media(element, scope: scope, to: &item)
        default:
            return false
        }
        return true
    }

    /// Gives the episode's duration to the item's attachments that do not state their own.
    static func finish(_ item: inout Item, duration: Int?) {
        guard let duration else { return }
        for index in item.attachments.indices where item.attachments[index].durationInSeconds == nil {
            item.attachments[index].durationInSeconds = duration
        }
    }

    /// Media RSS (rssboard.org/media-rss): `media:thumbnail` is the item's image; `media:content` an attachment
    /// (or, for an image when the item has none, its image); `media:group` holds alternatives of one media object,
    /// read like elements of the item itself.
    static func media(_ element: XMLElement, scope: Scope, to item: inout Item) {
        let name = element.localName
        if name == "group" {
            for child in element.elements where child.namespace == Namespace.media && child.localName != "group" {
                media(child, scope: scope.entering(child.tag), to: &item)
            }
            return
        }
        if name == "thumbnail", item.image == nil, let url = element.attribute("url")?.nonEmpty {
            item.image = scope.resolve(url)
        }
        guard name == "content", let url = element.attribute("url")?.nonEmpty else { return }
        if element.attribute("medium") != "image" || item.image != nil {
            let resolved = scope.resolve(url)
            if !item.attachments.contains(where: { $0.url == resolved }) {
                item.attachments.append(
                    Attachment(
                        url: resolved, mimeType: element.attribute("type")?.nonEmpty,
                        sizeInBytes: element.attribute("fileSize").flatMap { Int64($0) },
                        durationInSeconds: element.attribute("duration").flatMap { seconds($0) }))
            }
        } else if item.image == nil {
            item.image = scope.resolve(url)
        }
    }

    /// A running time in whole seconds: `SS`, `MM:SS` or `HH:MM:SS`, fractions allowed (iTunes' podcast spec);
    /// nil for anything else.
    static func seconds(_ text: String) -> Int? {
        let parts = text.trimmingWhitespace.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var total = 0.0
        for part in parts {
            guard let value = Double(part), value >= 0 else { return nil }
            total = total * 60 + value
        }
        guard total.isFinite, total < 1e9 else { return nil }
        return Int(total)
    }
}
