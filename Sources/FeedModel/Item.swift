import Foundation

/// One entry of a feed: an RSS `item`, an Atom `entry` or a JSON Feed item.
public struct Item: Sendable, Hashable {
    /// RSS `guid`, Atom `id`, RDF `rdf:about`, JSON Feed `id`.
    public var id: String?
    public var url: String?
    public var title: String?
    public var titleType: String?
    public var summary: String?
    public var summaryType: String?
    public var contentHTML: String?
    /// Only when ``contentHTML`` is not HTML: `xhtml` or another MIME type.
    public var contentType: String?
    public var contentText: String?
    public var contentSource: String?
    public var authors: [Person]
    public var contributors: [Person]
    public var datePublished: Date?
    public var dateModified: Date?
    public var tags: [String]
    public var categories: [Category]
    public var attachments: [Attachment]
    public var links: [Link]
    public var language: String?
    public var rights: String?
    public var rightsType: String?
    public var image: String?
    public var commentsURL: String?
    /// `slash:comments`: how many comments the item has (RSS Slash module).
    public var commentsCount: Int?
    /// `wfw:commentRss`: the feed of the item's comments (Well-Formed Web CommentAPI).
    public var commentsFeedURL: String?
    /// The date strings as the feed wrote them, beside the instants read from them; kept also when a date could
    /// not be read (the instant is then absent).
    public var datePublishedRaw: String?
    public var dateModifiedRaw: String?
    public var source: ItemSource?

    /// An empty item, for a reader to fill in.
    public init() {
        authors = []
        contributors = []
        tags = []
        categories = []
        attachments = []
        links = []
    }

    public init(
        id: String? = nil, url: String? = nil, title: String? = nil, titleType: String? = nil,
        summary: String? = nil, summaryType: String? = nil, contentHTML: String? = nil, contentType: String? = nil,
        contentText: String? = nil, contentSource: String? = nil, authors: [Person] = [], contributors: [Person] = [],
        datePublished: Date? = nil, dateModified: Date? = nil, tags: [String] = [], categories: [Category] = [],
        attachments: [Attachment] = [], links: [Link] = [], language: String? = nil, rights: String? = nil,
        rightsType: String? = nil, image: String? = nil, commentsURL: String? = nil, source: ItemSource? = nil,
        commentsCount: Int? = nil, commentsFeedURL: String? = nil, datePublishedRaw: String? = nil,
        dateModifiedRaw: String? = nil
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.titleType = titleType
        self.summary = summary
        self.summaryType = summaryType
        self.contentHTML = contentHTML
        self.contentType = contentType
        self.contentText = contentText
        self.contentSource = contentSource
        self.authors = authors
        self.contributors = contributors
        self.datePublished = datePublished
        self.dateModified = dateModified
        self.tags = tags
        self.categories = categories
        self.attachments = attachments
        self.links = links
        self.language = language
        self.rights = rights
        self.rightsType = rightsType
        self.image = image
        self.commentsURL = commentsURL
        self.commentsCount = commentsCount
        self.commentsFeedURL = commentsFeedURL
        self.datePublishedRaw = datePublishedRaw
        self.dateModifiedRaw = dateModifiedRaw
        self.source = source
    }
}

/// Atom `source` or RSS `<source url="…">`: where an item was first published.
public struct ItemSource: Sendable, Hashable, Codable {
    public var title: String?
    public var feedURL: String?
    public var homePageURL: String?
    public var id: String?

    public init(title: String? = nil, feedURL: String? = nil, homePageURL: String? = nil, id: String? = nil) {
        self.title = title
        self.feedURL = feedURL
        self.homePageURL = homePageURL
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case title, id
        case feedURL = "feed_url"
        case homePageURL = "home_page_url"
    }
}
