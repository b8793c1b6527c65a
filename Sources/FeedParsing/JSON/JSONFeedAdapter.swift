import FeedModel
import Foundation

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into the ``Feed`` model. The document is read
/// with `JSONSerialization` rather than `Decodable` so one ill-typed member (a numeric `id`, a string
/// `size_in_bytes`) costs that member only, not the whole feed: publishers get these wrong often.
enum JSONFeedAdapter {
    /// The version URLs the spec defines; "json10"/"json11" are the format names in feedparser's vocabulary.
    static let versions: [String: FeedFormat] = [
        "https://jsonfeed.org/version/1": .json10,
        "https://jsonfeed.org/version/1.1": .json11,
        // Neither spec allows http:, but early feeds used it; the document is otherwise the same.
        "http://jsonfeed.org/version/1": .json10,
        "http://jsonfeed.org/version/1.1": .json11,
    ]

    /// True when the first non-blank byte is `{` (RFC 8259 §2 allows leading whitespace).
    static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        // RFC 8259 §8.1: a parser may ignore a UTF-8 byte order mark.
        bytes.starts(with: [0xEF, 0xBB, 0xBF] as [UInt8])
            ? looksLikeJSON(Array(bytes.dropFirst(3)))
            : bytes.first(where: {
                $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\n")
                    && $0 != UInt8(ascii: "\r")
            }) == UInt8(ascii: "{")
    }

    /// Parses a JSON Feed document; `base` resolves relative URLs (JSON Feed has no xml:base, so the document URL
    /// is the only base).
    static func parse(_ bytes: [UInt8], base: String?) throws(FeedParsingError) -> Feed {
        let object: Any
        do {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF] as [UInt8]) ? bytes.dropFirst(3) : bytes[...]
            object = try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            throw .unreadable("the JSON document is malformed (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else { throw .notJSONFeed }
        guard let version = root["version"] as? String,
            let format = versions[version.trimmingCharacters(in: .whitespaces)]
        else { throw .notJSONFeed }
        let reader = JSONFeedAdapter.Reader(base: base)
        var feed = Feed(format: format)
        // Titles, descriptions and summaries are plain text (JSON Feed 1.1 §"title", §"summary"): type nil.
        feed.title = reader.text(root["title"])
        feed.description = reader.text(root["description"])
        feed.homePageURL = reader.url(root["home_page_url"])
        feed.feedURL = reader.url(root["feed_url"])
        // JSON Feed §"icon" is the large (512×512) image, like Atom's logo; "favicon" is the small one.
        feed.logo = reader.url(root["icon"])
        feed.icon = reader.url(root["favicon"])
        feed.language = reader.text(root["language"])
        feed.authors = reader.people(root)
        if let home = feed.homePageURL { feed.links.append(Link(href: home, rel: "alternate", type: "text/html")) }
        if let own = feed.feedURL { feed.links.append(Link(href: own, rel: "self", type: "application/feed+json")) }
        if let next = reader.url(root["next_url"]) { feed.links.append(Link(href: next, rel: "next")) }
        for hub in root["hubs"] as? [Any] ?? [] {
            guard let hub = hub as? [String: Any], let url = reader.url(hub["url"]) else { continue }
            feed.links.append(Link(href: url, rel: "hub", type: reader.text(hub["type"])))
        }
        feed.items = (root["items"] as? [Any] ?? []).compactMap { element in
            (element as? [String: Any]).map { reader.item($0, language: feed.language) }
        }
        return feed
    }
}

extension JSONFeedAdapter {
    /// Typed, lenient access to JSON members.
    struct Reader {
        let base: String?

        /// A string member; numbers are accepted as their decimal text (ids are often numbers in practice), and
        /// blank strings count as absent.
        func text(_ value: Any?) -> String? {
            switch value {
            case let string as String: string.isEmpty ? nil : string
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }

        /// A URL member, resolved against the document URL (RFC 3986 §5).
        func url(_ value: Any?) -> String? {
            guard let raw = text(value)?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                return nil
            }
            return URLResolver.resolve(raw, against: base)
        }

        /// `authors` (1.1) or, when absent, the single `author` object (1.0, deprecated in 1.1 §"author").
        func people(_ object: [String: Any]) -> [Person] {
            let list: [Any] =
                if let authors = object["authors"] as? [Any] { authors } else if let author = object["author"] {
                    [author]
                } else { [] }
            return list.compactMap { entry in
                guard let entry = entry as? [String: Any] else { return nil }
                let person = Person(name: text(entry["name"]), url: url(entry["url"]))
                return person == Person() ? nil : person
            }
        }

        /// One item; the feed's language applies when the item names none (1.1 §"language").
        func item(_ object: [String: Any], language: String?) -> Item {
            var item = Item()
            item.id = text(object["id"])
            item.url = url(object["url"])
            item.title = text(object["title"])
            item.summary = text(object["summary"])
            if let html = text(object["content_html"]) {
                item.contentHTML = HTMLRewriter.rewrite(html, base: base)
                item.contentType = "html"
            }
            item.contentText = text(object["content_text"])
            item.image = url(object["image"]) ?? url(object["banner_image"])
            // RFC 3339 dates (JSON Feed §"date_published"); the general date reader also accepts the near misses.
            if let published = text(object["date_published"]) {
                FeedDate.read(published, into: &item.datePublished, raw: &item.datePublishedRaw)
            }
            if let modified = text(object["date_modified"]) {
                FeedDate.read(modified, into: &item.dateModified, raw: &item.dateModifiedRaw)
            }
            item.authors = people(object)
            item.tags = (object["tags"] as? [Any] ?? []).compactMap { text($0) }
            item.categories = item.tags.map { Category(term: $0) }
            item.language = text(object["language"]).flatMap { $0 == language ? nil : $0 }
            if let url = item.url { item.links.append(Link(href: url, rel: "alternate", type: "text/html")) }
            if let external = url(object["external_url"]) { item.links.append(Link(href: external, rel: "related")) }
            for entry in object["attachments"] as? [Any] ?? [] {
                guard let entry = entry as? [String: Any], let href = url(entry["url"]) else { continue }
                let size: Int64? =
                    switch entry["size_in_bytes"] {
                    case let number as NSNumber: number.int64Value
                    case let string as String: Int64(string)
                    default: nil
                    }
                item.attachments.append(
                    Attachment(
                        url: href, mimeType: text(entry["mime_type"]), sizeInBytes: size, title: text(entry["title"])))
            }
            return item
        }
    }
}
