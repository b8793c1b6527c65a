import FeedModel
import FeedXML

/// Maps RSS 0.9x, 1.0 (RDF) and 2.0 elements, and the extension namespaces feeds mix into them, onto the feed
/// model: channel-level children onto ``Feed``, `item` subtrees onto ``Item``.
enum RSSAdapter {
    /// Applies one child of `channel` (or of `rdf:RDF`, for RSS 1.0's `image`/`textinput`).
    static func applyChannel(
        _ element: XMLElement, scope outer: Scope, to feed: inout Feed, webMaster: inout Person?
    ) {
        let scope = outer.entering(element.tag)
        let name = element.localName
        let namespace = element.namespace
        if Namespace.isRSS(namespace) {
            switch name {
            case "title": setText(TextConstruct.rssText(element, scope: scope), &feed.title, &feed.titleType)
            case "description":
                setText(TextConstruct.rssHTML(element, scope: scope), &feed.description, &feed.descriptionType)
            case "link":
                if let link = element.text.nonEmpty {
                    let url = scope.resolve(link)
                    feed.homePageURL = url
                    feed.links.append(Link(href: url, rel: "alternate", type: "text/html"))
                }
            case "language": feed.language = element.text.nonEmpty ?? feed.language
            case "copyright": setText(TextConstruct.rssText(element, scope: scope), &feed.rights, &feed.rightsType)
            case "managingEditor", "author":
                if let person = PersonText.parse(PlainText.of(element)) { add(person, &feed.authors) }
            case "webMaster":
                // RSS 2.0: the person responsible for technical issues; the feed's author only when no one else
                // is named, which is known once the channel ends (`finishChannel`).
                if webMaster == nil { webMaster = PersonText.parse(PlainText.of(element)) }
            case "pubDate": FeedDate.read(element.text, into: &feed.datePublished, raw: &feed.datePublishedRaw)
            case "lastBuildDate": FeedDate.read(element.text, into: &feed.dateModified, raw: &feed.dateModifiedRaw)
            case "category":
                if let category = category(element) { feed.categories.append(category) }
            case "generator": feed.generator = Generator(name: element.text.nonEmpty)
            case "image": feed.image = image(element, scope: scope)
            case "ttl": feed.pollingHints.ttlMinutes = Int(element.text.trimmingWhitespace)
            case "skipHours":
                for hour in element.elements where hour.localName == "hour" {
                    if let value = Int(hour.text.trimmingWhitespace) { feed.pollingHints.skipHours.insert(value) }
                }
            case "skipDays":
                for day in element.elements where day.localName == "day" {
                    if let value = day.text.nonEmpty { feed.pollingHints.skipDays.insert(value) }
                }
            default: break
            }
            return
        }
        if namespace == Namespace.syndication {
            if name == "updatePeriod" { feed.pollingHints.updatePeriod = element.text.nonEmpty }
            if name == "updateFrequency" { feed.pollingHints.updateFrequency = Int(element.text.trimmingWhitespace) }
            return
        }
        if Namespace.isAtom(namespace) {
            AtomAdapter.applyFeed(element, scope: outer, to: &feed)
            return
        }
        applyCommon(element, scope: scope, to: &feed)
    }

    /// Dublin Core and iTunes elements at channel level.
    private static func applyCommon(_ element: XMLElement, scope: Scope, to feed: inout Feed) {
        let name = element.localName
        switch element.namespace {
        case Namespace.dc, Namespace.dcterms:
            switch name {
            case "title": if feed.title == nil { feed.title = element.text }
            case "description": if feed.description == nil { feed.description = element.text }
            case "creator", "author":
                if let person = PersonText.parse(element.text) { add(person, &feed.authors) }
            case "contributor": if let person = PersonText.parse(element.text) { feed.contributors.append(person) }
            case "language": if feed.language == nil { feed.language = element.text.nonEmpty }
            case "rights": if feed.rights == nil { feed.rights = element.text }
            case "subject": if let term = element.text.nonEmpty { feed.categories.append(Category(term: term)) }
            case "date", "modified": FeedDate.read(element.text, into: &feed.dateModified, raw: &feed.dateModifiedRaw)
            case "issued", "created":
                FeedDate.read(element.text, into: &feed.datePublished, raw: &feed.datePublishedRaw)
            default: break
            }
        case Namespace.itunes:
            switch name {
            case "author": if let person = PersonText.parse(element.text) { add(person, &feed.authors) }
            case "summary": if feed.description == nil { feed.description = element.text.nonEmpty }
            case "image":
                if feed.image == nil, let href = element.attribute("href")?.nonEmpty {
                    feed.image = FeedImage(url: scope.resolve(href))
                }
            case "category":
                if let term = element.attribute("text")?.nonEmpty {
                    feed.categories.append(Category(term: term, scheme: "http://www.itunes.com/"))
                }
            default: break
            }
        default: break
        }
    }

    /// One `item`.
    static func item(_ element: consuming XMLElement, scope outer: Scope) -> Item {
        let itemScope = outer.entering(element.tag)
        var item = Item()
        // xml:lang on the item itself (XML 1.0 §2.12); the feed's language is inherited implicitly.
        if itemScope.language != outer.language { item.language = itemScope.language }
        var guidIsPermalink = false
        var guid: String?
        var duration: Int?
        if let about = element.attribute("about", namespace: Namespace.rdf)?.nonEmpty { item.id = about }
        element.moveChildren { node in
            guard case .element(let child) = consume node else { return }
            let scope = itemScope.entering(child.tag)
            let name = child.localName
            if Namespace.isRSS(child.namespace) {
                // Cases in the order of how often items carry them (title, link, guid, pubDate, description first):
                // a string `switch` compares case by case.
                switch name {
                case "title": setText(TextConstruct.rssText(child, scope: scope), &item.title, &item.titleType)
                case "link":
                    if let link = child.text.nonEmpty {
                        let url = scope.resolve(link)
                        item.url = url
                        item.links.append(Link(href: url, rel: "alternate", type: "text/html"))
                    }
                case "guid":
                    guid = PlainText.of(child).nonEmpty
                    // RSS 2.0: isPermaLink defaults to true, and then the guid is the item's URL.
                    guidIsPermalink = child.attribute("isPermaLink")?.lowercased() != "false"
                case "pubDate": FeedDate.read(child.text, into: &item.datePublished, raw: &item.datePublishedRaw)
                case "description", "summary":
                    // With both, feedparser keeps the first as the summary and the second as the content.
                    let text = TextConstruct.rssHTML(child, scope: scope)
                    if item.summary == nil {
                        setText(text, &item.summary, &item.summaryType)
                    } else if item.contentHTML == nil {
                        item.contentHTML = text.value
                    }
                case "category": if let category = category(child) { item.categories.append(category) }
                case "comments": if let url = child.text.nonEmpty { item.commentsURL = scope.resolve(url) }
                case "author": if let person = PersonText.parse(PlainText.of(child)) { add(person, &item.authors) }
                case "enclosure":
                    if let url = child.attribute("url")?.nonEmpty {
                        let attachment = Attachment(
                            url: scope.resolve(url), mimeType: child.attribute("type")?.nonEmpty,
                            sizeInBytes: child.attribute("length").flatMap { Int64($0.trimmingWhitespace) })
                        item.attachments.append(attachment)
                        item.links.append(
                            Link(
                                href: attachment.url, rel: "enclosure", type: attachment.mimeType,
                                length: child.attribute("length")?.nonEmpty))
                    }
                case "source":
                    item.source = ItemSource(
                        title: child.text.nonEmpty, feedURL: child.attribute("url").map { scope.resolve($0) })
                case "fullitem", "body": item.contentHTML = TextConstruct.rssHTML(child, scope: scope).value
                case "tags":
                    for term in child.text.split(separator: ",") {
                        if let term = String(term).nonEmpty { item.categories.append(Category(term: term)) }
                    }
                default: break
                }
                return
            }
            if ItemExtensions.apply(child, scope: scope, to: &item, duration: &duration) { return }
            applyItemExtension(child, scope: scope, itemScope: itemScope, to: &item)
        }
        ItemExtensions.finish(&item, duration: duration)
        if let guid {
            // Not resolved against xml:base: a guid is an opaque identifier unless it is a permalink.
            item.id = guid
            if item.url == nil, guidIsPermalink, URLResolver.hasScheme(guid) || itemScope.base != nil {
                item.url = itemScope.resolve(guid)
            }
        }
        return item
    }

    /// content:encoded, Dublin Core, iTunes, FeedBurner, XHTML and Atom elements inside an item (Slash, wfw, Media
    /// RSS and `itunes:duration` are `ItemExtensions`').
    private static func applyItemExtension(
        _ child: XMLElement, scope: Scope, itemScope: Scope, to item: inout Item
    ) {
        let name = child.localName
        switch child.namespace {
        case Namespace.content where name == "encoded":
            item.contentHTML = TextConstruct.rssHTML(child, scope: scope).value
        case Namespace.dc, Namespace.dcterms:
            switch name {
            case "title": if item.title == nil { item.title = child.text }
            case "description":
                if item.summary == nil { setText(.rssHTML(child, scope: scope), &item.summary, &item.summaryType) }
            case "creator", "author": if let person = PersonText.parse(child.text) { add(person, &item.authors) }
            case "contributor": if let person = PersonText.parse(child.text) { item.contributors.append(person) }
            case "subject": if let term = child.text.nonEmpty { item.categories.append(Category(term: term)) }
            case "date", "modified": FeedDate.read(child.text, into: &item.dateModified, raw: &item.dateModifiedRaw)
            case "issued", "created": FeedDate.read(child.text, into: &item.datePublished, raw: &item.datePublishedRaw)
            case "language": item.language = child.text.nonEmpty
            case "rights": item.rights = child.text
            case "identifier": if item.id == nil { item.id = child.text.nonEmpty }
            default: break
            }
        case Namespace.itunes:
            switch name {
            case "author": if let person = PersonText.parse(child.text) { add(person, &item.authors) }
            case "summary": if item.summary == nil { item.summary = child.text.nonEmpty }
            case "image": if let href = child.attribute("href")?.nonEmpty { item.image = scope.resolve(href) }
            default: break
            }
        case Namespace.feedburner where name == "origLink":
            // Kept as the item's canonical link (RFC 6596): the store's story clustering prefers it.
            if let url = child.text.nonEmpty { item.links.append(Link(href: scope.resolve(url), rel: "canonical")) }
        case Namespace.xhtml where name == "body":
            item.contentHTML = HTMLRewriter.rewrite(child.innerMarkup.trimmingWhitespace, base: scope.base)
        case Namespace.atom10, Namespace.atom03:
            AtomAdapter.applyEntry(child, scope: itemScope, to: &item)
        default: break
        }
    }

    /// RSS 2.0 `category` with its `domain`: kept when either is given (feedparser keeps a domain alone).
    static func category(_ element: XMLElement) -> Category? {
        let term = PlainText.of(element).nonEmpty
        let scheme = element.attribute("domain")?.nonEmpty
        guard term != nil || scheme != nil else { return nil }
        return Category(term: term, scheme: scheme)
    }

    private static func image(_ element: XMLElement, scope: Scope) -> FeedImage {
        var image = FeedImage()
        for child in element.elements {
            switch child.localName {
            case "url": image.url = child.text.nonEmpty.map { scope.resolve($0) }
            case "title": image.title = child.text.nonEmpty
            case "link": image.link = child.text.nonEmpty.map { scope.resolve($0) }
            case "width": image.width = Int(child.text.trimmingWhitespace)
            case "height": image.height = Int(child.text.trimmingWhitespace)
            default: break
            }
        }
        return image
    }

    /// What the channel's elements leave to its end: the `webMaster` is the feed's author when no other was named.
    static func finishChannel(_ feed: inout Feed, webMaster: Person?) {
        if feed.authors.isEmpty, let webMaster { feed.authors.append(webMaster) }
    }

    static func setText(_ text: TextConstruct, _ value: inout String?, _ type: inout String?) {
        value = text.value
        type = text.type
    }

    static func add(_ person: Person, _ people: inout [Person]) {
        if !people.contains(person) { people.append(person) }
    }
}
