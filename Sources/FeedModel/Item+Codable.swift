import Foundation

extension Item: Codable {
    enum CodingKeys: String, CodingKey {
        case id, url, title, summary, authors, contributors, tags, categories, attachments, links, language
        case rights, image, source
        case titleType = "title_type"
        case summaryType = "summary_type"
        case contentHTML = "content_html"
        case contentType = "content_type"
        case contentText = "content_text"
        case contentSource = "content_src"
        case datePublished = "date_published"
        case dateModified = "date_modified"
        case rightsType = "rights_type"
        case commentsURL = "comments_url"
        case commentsCount = "comments_count"
        case commentsFeedURL = "comments_feed_url"
        case datePublishedRaw = "date_published_raw"
        case dateModifiedRaw = "date_modified_raw"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOmitting(id, forKey: .id)
        try c.encodeOmitting(url, forKey: .url)
        try c.encodeOmitting(title, forKey: .title)
        try c.encodeOmitting(titleType, forKey: .titleType)
        try c.encodeOmitting(summary, forKey: .summary)
        try c.encodeOmitting(summaryType, forKey: .summaryType)
        try c.encodeOmitting(contentHTML, forKey: .contentHTML)
        try c.encodeOmitting(contentType, forKey: .contentType)
        try c.encodeOmitting(contentText, forKey: .contentText)
        try c.encodeOmitting(contentSource, forKey: .contentSource)
        try c.encodeOmitting(authors, forKey: .authors)
        try c.encodeOmitting(contributors, forKey: .contributors)
        try c.encodeOmitting(datePublished, forKey: .datePublished)
        try c.encodeOmitting(dateModified, forKey: .dateModified)
        try c.encodeOmitting(tags, forKey: .tags)
        try c.encodeOmitting(categories, forKey: .categories)
        try c.encodeOmitting(attachments, forKey: .attachments)
        try c.encodeOmitting(links, forKey: .links)
        try c.encodeOmitting(language, forKey: .language)
        try c.encodeOmitting(rights, forKey: .rights)
        try c.encodeOmitting(rightsType, forKey: .rightsType)
        try c.encodeOmitting(image, forKey: .image)
        try c.encodeOmitting(commentsURL, forKey: .commentsURL)
        try c.encodeIfPresent(commentsCount, forKey: .commentsCount)
        try c.encodeOmitting(commentsFeedURL, forKey: .commentsFeedURL)
        try c.encodeOmitting(datePublishedRaw, forKey: .datePublishedRaw)
        try c.encodeOmitting(dateModifiedRaw, forKey: .dateModifiedRaw)
        try c.encodeIfPresent(source, forKey: .source)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id),
            url: try c.decodeIfPresent(String.self, forKey: .url),
            title: try c.decodeIfPresent(String.self, forKey: .title),
            titleType: try c.decodeIfPresent(String.self, forKey: .titleType),
            summary: try c.decodeIfPresent(String.self, forKey: .summary),
            summaryType: try c.decodeIfPresent(String.self, forKey: .summaryType),
            contentHTML: try c.decodeIfPresent(String.self, forKey: .contentHTML),
            contentType: try c.decodeIfPresent(String.self, forKey: .contentType),
            contentText: try c.decodeIfPresent(String.self, forKey: .contentText),
            contentSource: try c.decodeIfPresent(String.self, forKey: .contentSource),
            authors: try c.decodeList([Person].self, forKey: .authors),
            contributors: try c.decodeList([Person].self, forKey: .contributors),
            datePublished: try c.decodeDate(forKey: .datePublished),
            dateModified: try c.decodeDate(forKey: .dateModified),
            tags: try c.decodeList([String].self, forKey: .tags),
            categories: try c.decodeList([Category].self, forKey: .categories),
            attachments: try c.decodeList([Attachment].self, forKey: .attachments),
            links: try c.decodeList([Link].self, forKey: .links),
            language: try c.decodeIfPresent(String.self, forKey: .language),
            rights: try c.decodeIfPresent(String.self, forKey: .rights),
            rightsType: try c.decodeIfPresent(String.self, forKey: .rightsType),
            image: try c.decodeIfPresent(String.self, forKey: .image),
            commentsURL: try c.decodeIfPresent(String.self, forKey: .commentsURL),
            source: try c.decodeIfPresent(ItemSource.self, forKey: .source),
            commentsCount: try c.decodeIfPresent(Int.self, forKey: .commentsCount),
            commentsFeedURL: try c.decodeIfPresent(String.self, forKey: .commentsFeedURL),
            datePublishedRaw: try c.decodeIfPresent(String.self, forKey: .datePublishedRaw),
            dateModifiedRaw: try c.decodeIfPresent(String.self, forKey: .dateModifiedRaw))
    }
}
