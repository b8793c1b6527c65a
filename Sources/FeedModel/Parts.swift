/// A person: an author or contributor.
public struct Person: Sendable, Hashable, Codable {
    public var name: String?
    public var email: String?
    public var url: String?

    public init(name: String? = nil, email: String? = nil, url: String? = nil) {
        self.name = name
        self.email = email
        self.url = url
    }
}

/// A category with its scheme (RSS `domain`, Atom `scheme`) and label. Any one of the three may be missing: a
/// category that gives only a `label` or only a `scheme` still says something (feedparser keeps it, term `None`).
public struct Category: Sendable, Hashable, Codable {
    public var term: String?
    public var scheme: String?
    public var label: String?

    public init(term: String?, scheme: String? = nil, label: String? = nil) {
        self.term = term
        self.scheme = scheme
        self.label = label
    }

    /// Absent members omitted through `encodeOmitting`, not the synthesised `encodeIfPresent`, which costs a
    /// generic metadata look-up per member in JSONEncoder.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOmitting(term, forKey: .term)
        try c.encodeOmitting(scheme, forKey: .scheme)
        try c.encodeOmitting(label, forKey: .label)
    }
}

/// A link element with feedparser's defaults (`rel` defaults to `alternate`).
public struct Link: Sendable, Hashable, Codable {
    public var href: String
    public var rel: String?
    public var type: String?
    public var title: String?
    public var length: String?
    public var hreflang: String?

    public init(
        href: String, rel: String? = nil, type: String? = nil, title: String? = nil, length: String? = nil,
        hreflang: String? = nil
    ) {
        self.href = href
        self.rel = rel
        self.type = type
        self.title = title
        self.length = length
        self.hreflang = hreflang
    }
}

/// An enclosure: RSS `enclosure`, Atom `link rel="enclosure"`, JSON Feed attachment.
public struct Attachment: Sendable, Hashable, Codable {
    public var url: String
    public var mimeType: String?
    public var sizeInBytes: Int64?
    public var title: String?
    /// The media's running time in whole seconds (JSON Feed's `duration_in_seconds`): `itunes:duration` or Media
    /// RSS `duration`.
    public var durationInSeconds: Int?

    public init(
        url: String, mimeType: String? = nil, sizeInBytes: Int64? = nil, title: String? = nil,
        durationInSeconds: Int? = nil
    ) {
        self.url = url
        self.mimeType = mimeType
        self.sizeInBytes = sizeInBytes
        self.title = title
        self.durationInSeconds = durationInSeconds
    }

    enum CodingKeys: String, CodingKey {
        case url, title
        case mimeType = "mime_type"
        case sizeInBytes = "size_in_bytes"
        case durationInSeconds = "duration_in_seconds"
    }
}

/// The software that generated a feed.
public struct Generator: Sendable, Hashable, Codable {
    public var name: String?
    public var url: String?
    public var version: String?

    public init(name: String? = nil, url: String? = nil, version: String? = nil) {
        self.name = name
        self.url = url
        self.version = version
    }
}

/// A feed's image: RSS `image`, Atom `logo`, `itunes:image`.
public struct FeedImage: Sendable, Hashable, Codable {
    public var url: String?
    public var title: String?
    public var link: String?
    public var width: Int?
    public var height: Int?

    public init(url: String? = nil, title: String? = nil, link: String? = nil, width: Int? = nil, height: Int? = nil) {
        self.url = url
        self.title = title
        self.link = link
        self.width = width
        self.height = height
    }
}
