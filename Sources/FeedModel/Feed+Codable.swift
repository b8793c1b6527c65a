import Foundation

extension Feed: Codable {
    enum CodingKeys: String, CodingKey {
        case format, title, description, id, language, authors, contributors, tags, categories, rights
        case generator, image, icon, logo, links, encoding, items
        case titleType = "title_type"
        case descriptionType = "description_type"
        case homePageURL = "home_page_url"
        case feedURL = "feed_url"
        case datePublished = "date_published"
        case dateModified = "date_modified"
        case datePublishedRaw = "date_published_raw"
        case dateModifiedRaw = "date_modified_raw"
        case rightsType = "rights_type"
        case wellFormed = "well_formed"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let format { try c.encode(format, forKey: .format) }
        try c.encodeOmitting(title, forKey: .title)
        try c.encodeOmitting(titleType, forKey: .titleType)
        try c.encodeOmitting(description, forKey: .description)
        try c.encodeOmitting(descriptionType, forKey: .descriptionType)
        try c.encodeOmitting(homePageURL, forKey: .homePageURL)
        try c.encodeOmitting(feedURL, forKey: .feedURL)
        try c.encodeOmitting(id, forKey: .id)
        try c.encodeOmitting(language, forKey: .language)
        try c.encodeOmitting(authors, forKey: .authors)
        try c.encodeOmitting(contributors, forKey: .contributors)
        try c.encodeOmitting(datePublished, forKey: .datePublished)
        try c.encodeOmitting(dateModified, forKey: .dateModified)
        try c.encodeOmitting(datePublishedRaw, forKey: .datePublishedRaw)
        try c.encodeOmitting(dateModifiedRaw, forKey: .dateModifiedRaw)
        try c.encodeOmitting(tags, forKey: .tags)
        try c.encodeOmitting(categories, forKey: .categories)
        try c.encodeOmitting(rights, forKey: .rights)
        try c.encodeOmitting(rightsType, forKey: .rightsType)
        try c.encodeIfPresent(generator, forKey: .generator)
        try c.encodeIfPresent(image, forKey: .image)
        try c.encodeOmitting(icon, forKey: .icon)
        try c.encodeOmitting(logo, forKey: .logo)
        try c.encodeOmitting(links, forKey: .links)
        try c.encodeOmitting(encoding, forKey: .encoding)
        try c.encode(wellFormed, forKey: .wellFormed)
        try c.encode(items, forKey: .items)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            format: try c.decodeIfPresent(FeedFormat.self, forKey: .format),
            title: try c.decodeIfPresent(String.self, forKey: .title),
            titleType: try c.decodeIfPresent(String.self, forKey: .titleType),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            descriptionType: try c.decodeIfPresent(String.self, forKey: .descriptionType),
            homePageURL: try c.decodeIfPresent(String.self, forKey: .homePageURL),
            feedURL: try c.decodeIfPresent(String.self, forKey: .feedURL),
            id: try c.decodeIfPresent(String.self, forKey: .id),
            language: try c.decodeIfPresent(String.self, forKey: .language),
            authors: try c.decodeList([Person].self, forKey: .authors),
            contributors: try c.decodeList([Person].self, forKey: .contributors),
            datePublished: try c.decodeDate(forKey: .datePublished),
            dateModified: try c.decodeDate(forKey: .dateModified),
            tags: try c.decodeList([String].self, forKey: .tags),
            categories: try c.decodeList([Category].self, forKey: .categories),
            rights: try c.decodeIfPresent(String.self, forKey: .rights),
            rightsType: try c.decodeIfPresent(String.self, forKey: .rightsType),
            generator: try c.decodeIfPresent(Generator.self, forKey: .generator),
            image: try c.decodeIfPresent(FeedImage.self, forKey: .image),
            icon: try c.decodeIfPresent(String.self, forKey: .icon),
            logo: try c.decodeIfPresent(String.self, forKey: .logo),
            links: try c.decodeList([Link].self, forKey: .links),
            encoding: try c.decodeIfPresent(String.self, forKey: .encoding),
            wellFormed: try c.decodeIfPresent(Bool.self, forKey: .wellFormed) ?? true,
            items: try c.decodeList([Item].self, forKey: .items),
            datePublishedRaw: try c.decodeIfPresent(String.self, forKey: .datePublishedRaw),
            dateModifiedRaw: try c.decodeIfPresent(String.self, forKey: .dateModifiedRaw))
    }
}
