import FeedModel
import FeedParsing
import FeedStorage
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One configured feed as `feedd feeds list` shows it.
public struct FeedListing: Sendable, Codable, Hashable {
    public var url: String
    public var title: String?
    public var tags: [String]
    public var enabled: Bool
    /// `config` for the inline list, `opml` for the configuration's OPML file.
    public var source: String
    /// Items of this feed in the store.
    public var items: Int
}

/// What an import did.
public struct ImportSummary: Sendable, Hashable {
    /// Feeds added to the configuration.
    public var added: Int
    /// Feeds of the file that were configured already.
    public var alreadyConfigured: Int
}

extension Application {
    /// `feedd export`: the configured feeds as OPML 2.0 (byte-stable; a feed without a title of the user's gets
    /// the feed's own from the store, so other readers show a name).
    public func exportOPML() async throws -> String {
        let stored = Dictionary(try await store.feeds().map { ($0.url, $0.title) }) { first, _ in first }
        let subscriptions = configuration.allFeeds.map { feed in
            OPMLSubscription(
                url: feed.url, title: feed.title ?? stored[feed.url] ?? nil, homePageURL: feed.homePageURL,
                tags: feed.tags)
        }
        return OPMLDocument(title: "feedd subscriptions", subscriptions: subscriptions).xml
    }

    /// `feedd feeds list`: every configured feed with where it is configured and how many items are stored.
    public func listFeeds() async throws -> [FeedListing] {
        let stored = Dictionary(try await store.feeds().map { ($0.url, $0) }) { first, _ in first }
        return configuration.allFeeds.map { feed in
            FeedListing(
                url: feed.url, title: feed.title ?? stored[feed.url]?.title, tags: feed.tags, enabled: feed.enabled,
                source: configuration.opmlFeedURLs.contains(feed.url) ? "opml" : "config",
                items: stored[feed.url]?.itemCount ?? 0)
        }
    }

    /// `feedd import FILE`: adds the OPML file's feeds that are not configured yet to the configuration file.
    public static func importOPML(file: String, configPath: String) throws -> ImportSummary {
        let incoming = try Configuration.readOPML(path: file)
        let configuration = try Configuration.load(path: configPath)
        let known = Set(configuration.allFeeds.map(\.url))
        let fresh = incoming.filter { !known.contains($0.url) }
        if !fresh.isEmpty {
            try editConfiguration(at: configPath) { editor throws(FeedAppError) in
                for feed in fresh { try editor.add(feed) }
            }
        }
        return ImportSummary(added: fresh.count, alreadyConfigured: incoming.count - fresh.count)
    }

    /// `feedd feeds add URL`: adds a feed; an HTML page's URL is first resolved to the feed it advertises.
    /// Returns the feed URL added.
    public static func addFeed(
        _ feed: FeedSubscription, configPath: String, discover: Bool, logger: Logger
    ) async throws -> String {
        let configuration = try Configuration.load(path: configPath)
        var feed = feed
        if discover {
            let found = try await Application.discover(
                url: feed.url, userAgent: configuration.defaults.userAgent, logger: logger)
            // A page offering several feeds (posts, comments) lists the main one first, by convention.
            if let first = found.first, first != feed.url {
                logger.notice("resolved a page to its feed", metadata: ["page": "\(feed.url)", "feed": "\(first)"])
                feed.url = first
            }
        }
        if configuration.allFeeds.contains(where: { $0.url == feed.url }) {
            throw FeedAppError.usage("\(feed.url) is already configured")
        }
        try editConfiguration(at: configPath) { editor throws(FeedAppError) in try editor.add(feed) }
        return feed.url
    }

    /// `feedd feeds remove URL`: removes a feed from the configuration (its stored items stay until retention).
    public static func removeFeed(url: String, configPath: String) throws {
        try refuseOPMLFeed(url, configPath: configPath)
        try editConfiguration(at: configPath) { editor throws(FeedAppError) in try editor.remove(url: url) }
    }

    /// `feedd feeds enable|disable URL`: pauses or resumes polling a feed.
    public static func setEnabled(_ enabled: Bool, url: String, configPath: String) throws {
        try refuseOPMLFeed(url, configPath: configPath)
        try editConfiguration(at: configPath) { editor throws(FeedAppError) in
            try editor.setEnabled(enabled, url: url)
        }
    }

    private static func refuseOPMLFeed(_ url: String, configPath: String) throws {
        let configuration = try Configuration.load(path: configPath)
        if configuration.opmlFeedURLs.contains(url), let file = configuration.opmlFile {
            throw FeedAppError.usage(
                "\(url) comes from the OPML file \(file), which feedd does not edit: change it there")
        }
    }

    /// Applies `edit` to the configuration file's text, checks that the result still loads, writes it
    /// atomically (a new file renamed over the old, keeping its permissions), and asks a running `feedd run` on
    /// the same store to reload.
    static func editConfiguration(
        at path: String, _ edit: (inout ConfigEditor) throws(FeedAppError) -> Void
    ) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FeedAppError.config("cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        var editor = ConfigEditor(text: text, source: path)
        try edit(&editor)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let edited = try Configuration.parse(yaml: editor.text, source: path, relativeTo: folder)
        let temporary = path + ".feedd-\(getpid()).tmp"
        do {
            try Data(editor.text.utf8).write(to: URL(fileURLWithPath: temporary))
            if let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
                try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
            }
            guard rename(temporary, path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FeedAppError.io("cannot write the configuration file \(path): \(error)")
        }
        if !edited.usesPostgres, let pid = RunLock.holder(database: edited.database) { kill(pid, SIGHUP) }
    }
}
