import FeedModel
import FeedParsing
import FeedStorage
import Foundation

extension Configuration {
    /// The feeds of an OPML file, as subscriptions (title, tags and home page kept).
    static func readOPML(path: String) throws(FeedAppError) -> [FeedSubscription] {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .config("cannot read the OPML file \(path): \(error.localizedDescription)")
        }
        do {
            return try OPMLDocument(bytes: bytes).subscriptions.map(FeedSubscription.init(opml:))
        } catch {
            throw .config("\(path): \(error)")
        }
    }

    /// Every configured feed: the enabled ones in the file's order, then the paused ones.
    public var allFeeds: [FeedSubscription] { feeds + disabledFeeds }
}

extension FeedSubscription {
    /// A subscription from an OPML outline.
    init(opml: OPMLSubscription) {
        self.init(url: opml.url, title: opml.title, tags: opml.tags, homePageURL: opml.homePageURL)
    }
}
