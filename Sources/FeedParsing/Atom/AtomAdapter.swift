import FeedModel
import FeedXML

/// Maps Atom 1.0 (RFC 4287) and Atom 0.3 elements onto the feed model. Also used for `atom:` elements inside RSS.
enum AtomAdapter {
    /// Applies one child of `feed` (or an `atom:*` child of an RSS channel).
    static func applyFeed(_ element: XMLElement, scope outer: Scope, to feed: inout Feed) {
        let scope = outer.entering(element.tag)
        switch element.localName {
        case "title": RSSAdapter.setText(.atom(element, scope: scope), &feed.title, &feed.titleType)
        case "subtitle", "tagline":
            RSSAdapter.setText(.atom(element, scope: scope), &feed.description, &feed.descriptionType)
        case "rights", "copyright": RSSAdapter.setText(.atom(element, scope: scope), &feed.rights, &feed.rightsType)
        case "id": feed.id = element.text.nonEmpty.map { scope.resolve($0) }
        case "link":
            guard let link = link(element, scope: scope) else { return }
            feed.links.append(link)
            if link.rel == "alternate", feed.homePageURL == nil { feed.homePageURL = link.href }
            if link.rel == "self", feed.feedURL == nil { feed.feedURL = link.href }
        case "author": if let person = person(element, scope: scope) { RSSAdapter.add(person, &feed.authors) }
        case "contributor": if let person = person(element, scope: scope) { feed.contributors.append(person) }
        case "updated": FeedDate.read(element.text, into: &feed.dateModified, raw: &feed.dateModifiedRaw)
        case "published": FeedDate.read(element.text, into: &feed.datePublished, raw: &feed.datePublishedRaw)
        // Atom 0.3's names stand in for 1.0's only when those are absent, wherever they come. `issued` and
        // `created` are entry elements in 0.3; on a feed, the first of them read is kept.
        case "modified": FeedDate.readIfUnset(element.text, into: &feed.dateModified, raw: &feed.dateModifiedRaw)
        case "issued", "created":
            FeedDate.readIfUnset(element.text, into: &feed.datePublished, raw: &feed.datePublishedRaw)
        case "category": if let category = category(element) { feed.categories.append(category) }
        case "generator":
            feed.generator = Generator(
                name: element.text.nonEmpty, url: (element.attribute("uri") ?? element.attribute("url"))?.nonEmpty,
                version: element.attribute("version")?.nonEmpty)
        case "icon": feed.icon = element.text.nonEmpty.map { scope.resolve($0) }
        case "logo":
            feed.logo = element.text.nonEmpty.map { scope.resolve($0) }
            if feed.image == nil, let logo = feed.logo { feed.image = FeedImage(url: logo) }
        default: break
        }
    }

    /// One `entry`.
    static func entry(_ element: consuming XMLElement, scope outer: Scope) -> Item {
        let scope = outer.entering(element.tag)
        var item = Item()
        // xml:lang on the entry itself (XML 1.0 §2.12); the feed's language is inherited implicitly.
        if scope.language != outer.language { item.language = scope.language }
        var duration: Int?
        var created: String?
        element.moveChildren { node in
            guard case .element(let child) = consume node else { return }
            if Namespace.isAtom(child.namespace) {
                applyEntry(child, scope: scope, to: &item, created: &created)
            } else {
                let inner = scope.entering(child.tag)
                if ItemExtensions.apply(child, scope: inner, to: &item, duration: &duration) { return }
                applyForeign(child, scope: inner, to: &item)
            }
        }
        ItemExtensions.finish(&item, duration: duration)
        if let created { FeedDate.readIfUnset(created, into: &item.datePublished, raw: &item.datePublishedRaw) }
        return item
    }

    /// Applies one `atom:` child of an RSS item, where Atom 0.3's `created` is read at once, while no other date of
    /// publication is known (an item's dates are not held back to its end).
    static func applyEntry(_ child: XMLElement, scope: Scope, to item: inout Item) {
        var created: String?
        applyEntry(child, scope: scope, to: &item, created: &created)
        if let created { FeedDate.readIfUnset(created, into: &item.datePublished, raw: &item.datePublishedRaw) }
    }

    /// Applies one Atom child of an entry. Atom 0.3's `issued` and `modified` stand in for 1.0's `published` and
    /// `updated` only when those are absent, wherever they come. `created` ranks below `issued`, which may follow
    /// it, so its text is handed back in `created` for the caller to read once the entry has ended.
    static func applyEntry(_ child: XMLElement, scope outer: Scope, to item: inout Item, created: inout String?) {
        let scope = outer.entering(child.tag)
        // Cases in the order of how often entries carry them: a string `switch` compares case by case.
        switch child.localName {
        case "title": RSSAdapter.setText(.atom(child, scope: scope), &item.title, &item.titleType)
        case "id": item.id = child.text.nonEmpty.map { scope.resolve($0) }
        case "link":
            guard let link = link(child, scope: scope) else { return }
            item.links.append(link)
            if link.rel == "alternate", item.url == nil { item.url = link.href }
            if link.rel == "enclosure" {
                item.attachments.append(
                    Attachment(
                        url: link.href, mimeType: child.attribute("type")?.nonEmpty,
                        sizeInBytes: link.length.flatMap { Int64($0) },
                        title: link.title))
            }
        case "updated": FeedDate.read(child.text, into: &item.dateModified, raw: &item.dateModifiedRaw)
        case "published": FeedDate.read(child.text, into: &item.datePublished, raw: &item.datePublishedRaw)
        case "modified": FeedDate.readIfUnset(child.text, into: &item.dateModified, raw: &item.dateModifiedRaw)
        case "issued": FeedDate.readIfUnset(child.text, into: &item.datePublished, raw: &item.datePublishedRaw)
        case "author": if let person = person(child, scope: scope) { RSSAdapter.add(person, &item.authors) }
        case "summary": RSSAdapter.setText(.atom(child, scope: scope), &item.summary, &item.summaryType)
        case "content": content(child, scope: scope, to: &item)
        case "category": if let category = category(child) { item.categories.append(category) }
        case "contributor": if let person = person(child, scope: scope) { item.contributors.append(person) }
        case "rights", "copyright": RSSAdapter.setText(.atom(child, scope: scope), &item.rights, &item.rightsType)
        case "created": if created == nil { created = child.text }
        case "source": item.source = source(child, scope: scope)
        default: break
        }
    }

    /// Non-Atom children of an entry that feeds commonly add (FeedBurner, Dublin Core, iTunes; Media RSS, Slash and
    /// wfw are `ItemExtensions`').
    private static func applyForeign(_ child: XMLElement, scope: Scope, to item: inout Item) {
        switch child.namespace {
        case Namespace.feedburner where child.localName == "origLink":
            // As in RSS: the article's own URL behind FeedBurner's redirector, a canonical link (RFC 6596).
            if let url = child.text.nonEmpty { item.links.append(Link(href: scope.resolve(url), rel: "canonical")) }
        case Namespace.dc, Namespace.dcterms:
            switch child.localName {
            case "creator": if let person = PersonText.parse(child.text) { RSSAdapter.add(person, &item.authors) }
            case "subject": if let term = child.text.nonEmpty { item.categories.append(Category(term: term)) }
            case "date", "modified":
                FeedDate.readIfUnset(child.text, into: &item.dateModified, raw: &item.dateModifiedRaw)
            case "issued", "created":
                FeedDate.readIfUnset(child.text, into: &item.datePublished, raw: &item.datePublishedRaw)
            default: break
            }
        case Namespace.itunes:
            if child.localName == "image", let href = child.attribute("href")?.nonEmpty {
                item.image = scope.resolve(href)
            }
        default: break
        }
    }

    /// RFC 4287 §4.1.3: `content` with `type` and optional `src`.
    private static func content(_ element: XMLElement, scope: Scope, to item: inout Item) {
        if let src = element.attribute("src")?.nonEmpty {
            item.contentSource = scope.resolve(src)
            item.contentHTML = ""
            item.contentType = element.attribute("type")?.nonEmpty
            return
        }
        let text = TextConstruct.atom(element, scope: scope)
        switch text.type {
        case nil: item.contentText = text.value
        case "html": item.contentHTML = text.value
        default:
            item.contentHTML = text.value
            item.contentType = text.type
        }
    }

    /// RFC 4287 §4.2.7: `rel` defaults to `alternate`; `href` is resolved against `xml:base`.
    private static func link(_ element: XMLElement, scope: Scope) -> Link? {
        guard let href = element.attribute("href") else { return nil }
        let rel = element.attribute("rel")?.nonEmpty ?? "alternate"
        // feedparser's defaults: a self link is the feed document itself, other links are web pages.
        let defaultType = rel == "self" ? "application/atom+xml" : "text/html"
        return Link(
            href: scope.resolve(href), rel: rel, type: element.attribute("type")?.nonEmpty ?? defaultType,
            title: element.attribute("title")?.nonEmpty,
            length: element.attribute("length")?.nonEmpty, hreflang: element.attribute("hreflang")?.nonEmpty)
    }

    /// RFC 4287 §3.2 person construct (`uri`; Atom 0.3 `url`).
    private static func person(_ element: XMLElement, scope: Scope) -> Person? {
        var person = Person()
        for case .element(let child) in element.children {
            switch child.localName {
            case "name": person.name = child.text.nonEmpty
            case "email": person.email = child.text.nonEmpty
            case "uri", "url", "homepage":
                person.url = child.text.nonEmpty.map { scope.entering(child.tag).resolve($0) }
            default: break
            }
        }
        if person == Person() {
            // Some feeds write the name as the element's text.
            guard let name = element.text.nonEmpty else { return nil }
            person.name = name
        }
        return person
    }

    /// RFC 4287 §4.2.2: `term`, `scheme`, `label`. Kept when any of them is given: feedparser keeps a category
    /// with only a label or only a scheme, its term `None`.
    private static func category(_ element: XMLElement) -> Category? {
        let term = (element.attribute("term") ?? element.text).nonEmpty
        let scheme = element.attribute("scheme")?.nonEmpty
        let label = element.attribute("label")
        guard term != nil || scheme != nil || label?.nonEmpty != nil else { return nil }
        return Category(term: term, scheme: scheme, label: label)
    }

    /// RFC 4287 §4.2.11: the source feed's metadata.
    private static func source(_ element: XMLElement, scope: Scope) -> ItemSource {
        var feed = Feed()
        for child in element.elements where Namespace.isAtom(child.namespace) {
            applyFeed(child, scope: scope, to: &feed)
        }
        return ItemSource(title: feed.title, feedURL: feed.feedURL, homePageURL: feed.homePageURL, id: feed.id)
    }
}
