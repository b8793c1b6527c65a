import Foundation

/// A parsed feed document: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed, in one shape.
///
/// Field names and meanings follow the project's feed JSON schema (JSON Feed 1.1 names plus what RSS and Atom
/// carry and JSON Feed lacks). Every field is optional; absent values and empty lists are omitted from the JSON.
public struct Feed: Sendable, Hashable {
    /// The format in feedparser's vocabulary (`rss20`, `rss10`, `atom10`, `json11` …); nil when unknown.
    public var format: FeedFormat?
    public var title: String?
    /// `text` (or nil), `html`, `xhtml` or a MIME type: how to read ``title``.
    public var titleType: String?
    public var description: String?
    public var descriptionType: String?
    public var homePageURL: String?
    public var feedURL: String?
    public var id: String?
    public var language: String?
    public var authors: [Person]
    public var contributors: [Person]
    public var datePublished: Date?
    public var dateModified: Date?
    /// The date strings as the feed wrote them (see ``Item/datePublishedRaw``).
    public var datePublishedRaw: String?
    public var dateModifiedRaw: String?
    public var tags: [String]
    public var categories: [Category]
    public var rights: String?
    public var rightsType: String?
    public var generator: Generator?
    public var image: FeedImage?
    public var icon: String?
    public var logo: String?
    public var links: [Link]
    /// The character set the document was decoded with, lower case.
    public var encoding: String?
    /// False when the document was not well-formed and the parser had to recover.
    public var wellFormed: Bool
    /// Hints the feed gives about how often to poll it (not part of the feed JSON).
    public var pollingHints: PollingHints
    public var items: [Item]

    public init(
        format: FeedFormat? = nil, title: String? = nil, titleType: String? = nil, description: String? = nil,
        descriptionType: String? = nil, homePageURL: String? = nil, feedURL: String? = nil, id: String? = nil,
        language: String? = nil, authors: [Person] = [], contributors: [Person] = [], datePublished: Date? = nil,
        dateModified: Date? = nil, tags: [String] = [], categories: [Category] = [], rights: String? = nil,
        rightsType: String? = nil, generator: Generator? = nil, image: FeedImage? = nil, icon: String? = nil,
        logo: String? = nil, links: [Link] = [], encoding: String? = nil, wellFormed: Bool = true,
        pollingHints: PollingHints = PollingHints(), items: [Item] = [], datePublishedRaw: String? = nil,
        dateModifiedRaw: String? = nil
    ) {
        self.format = format
        self.title = title
        self.titleType = titleType
        self.description = description
        self.descriptionType = descriptionType
        self.homePageURL = homePageURL
        self.feedURL = feedURL
        self.id = id
        self.language = language
        self.authors = authors
        self.contributors = contributors
        self.datePublished = datePublished
        self.dateModified = dateModified
        self.tags = tags
        self.categories = categories
        self.rights = rights
        self.rightsType = rightsType
        self.generator = generator
        self.image = image
        self.icon = icon
        self.logo = logo
        self.links = links
        self.encoding = encoding
        self.wellFormed = wellFormed
        self.pollingHints = pollingHints
        self.items = items
        self.datePublishedRaw = datePublishedRaw
        self.dateModifiedRaw = dateModifiedRaw
    }
}

/// What a feed says about its own update rhythm: RSS `ttl`, `skipHours`, `skipDays`, `sy:updatePeriod`.
public struct PollingHints: Sendable, Hashable {
    /// RSS `ttl`: minutes the feed may be cached.
    public var ttlMinutes: Int?
    /// RSS `skipHours`: hours (0–23, GMT) in which not to poll.
    public var skipHours: Set<Int>
    /// RSS `skipDays`: weekday names (`Monday` …) on which not to poll.
    public var skipDays: Set<String>
    /// `sy:updatePeriod` (`hourly`, `daily`, `weekly`, `monthly`, `yearly`).
    public var updatePeriod: String?
    /// `sy:updateFrequency`: how many times per period.
    public var updateFrequency: Int?

    public init(
        ttlMinutes: Int? = nil, skipHours: Set<Int> = [], skipDays: Set<String> = [], updatePeriod: String? = nil,
        updateFrequency: Int? = nil
    ) {
        self.ttlMinutes = ttlMinutes
        self.skipHours = skipHours
        self.skipDays = skipDays
        self.updatePeriod = updatePeriod
        self.updateFrequency = updateFrequency
    }
}
