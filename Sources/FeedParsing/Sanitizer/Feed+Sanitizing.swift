import FeedModel

extension Feed {
    /// Runs every HTML value through ``HTMLSanitizer``: item content, and titles, summaries, descriptions and
    /// rights whose type says HTML (plain text cannot carry markup a browser would run).
    mutating func sanitize() {
        Self.clean(&title, type: titleType)
        Self.clean(&description, type: descriptionType)
        Self.clean(&rights, type: rightsType)
        for index in items.indices {
            Self.clean(&items[index].title, type: items[index].titleType)
            Self.clean(&items[index].summary, type: items[index].summaryType)
            Self.clean(&items[index].rights, type: items[index].rightsType)
            if let html = items[index].contentHTML { items[index].contentHTML = HTMLSanitizer.clean(html) }
        }
    }

    private static func clean(_ value: inout String?, type: String?) {
        // Types as TextConstruct names them ("html", "xhtml"), or an Atom 0.3 MIME type that means the same.
        guard let text = value, let type, ["html", "xhtml", "text/html", "application/xhtml+xml"].contains(type)
        else { return }
        value = HTMLSanitizer.clean(text)
    }
}
