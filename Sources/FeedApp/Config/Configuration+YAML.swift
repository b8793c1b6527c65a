import FeedModel
import FeedPostgres
import FeedStorage
import Foundation
import Yams

extension Configuration {
    /// Reads the configuration file at `path`; a relative `database` is taken relative to the file's folder.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(FeedAppError) -> Configuration
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .config("cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, source: path, relativeTo: folder, environment: environment)
    }

    /// Parses configuration YAML. `source` names the file in error messages.
    public static func parse(
        yaml text: String, source: String = "configuration", relativeTo folder: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(FeedAppError) -> Configuration {
        let root: Node?
        do {
            // The basic resolver: the reader takes every value as text and finds keys by their text, so the default
            // one's tag rules (regular expressions compiled at start-up, matched against keys) would go unused.
            root = try Yams.compose(yaml: text, .basic)
        } catch {
            throw .config("\(source) is not valid YAML: \(error)")
        }
        var config = Configuration(database: nil, defaults: Defaults(), feeds: [])
        config.database = defaultDatabasePath(environment: environment)
        guard let root else { return config }
        let reader = ConfigReader(source: source)
        let top = try reader.mapping(root, at: "the top level")
        try reader.allowOnly(
            ["database", "defaults", "feeds", "opml", "on_new_items", "on_new_items_url", "websub"], in: top,
            at: "the top level")
        if let database = top.value("database") {
            let text = try reader.string(database, at: "database")
            if PostgresLocation.isPostgres(text) {
                // Checked now, so that a wrong URL is reported with its line; kept as written (a `$NAME` password
                // is read again when the store opens).
                do throws(PostgresLocationError) {
                    _ = try PostgresLocation(parsing: text, environment: environment)
                } catch {
                    throw reader.fail("database", database, error.description)
                }
                config.database = text
            } else {
                config.database = expand(text, relativeTo: folder, environment: environment)
            }
        }
        if let defaults = top.value("defaults") {
            config.defaults = try reader.defaults(defaults)
        }
        if let hook = top.value("on_new_items") { config.hooks.append(try reader.commandHook(hook)) }
        if let hook = top.value("on_new_items_url") {
            config.hooks.append(try reader.webhook(hook, environment: environment))
        }
        if let websub = top.value("websub") { config.webSubCallback = try reader.webSub(websub) }
        var listed: [FeedSubscription] = []
        if let feeds = top.value("feeds"), !feeds.isNull {
            listed = try reader.feeds(feeds)
        }
        if let opml = top.value("opml") {
            let path = expand(try reader.string(opml, at: "opml"), relativeTo: folder, environment: environment)
            config.opmlFile = path
            let inline = Set(listed.map(\.url))
            let fromFile = try readOPML(path: path).filter { !inline.contains($0.url) }
            config.opmlFeedURLs = Set(fromFile.map(\.url))
            listed += fromFile
        }
        // Usually every feed is enabled: the list is then kept as it is rather than copied feed by feed.
        if listed.allSatisfy(\.enabled) {
            config.feeds = listed
        } else {
            config.feeds = listed.filter(\.enabled)
            config.disabledFeeds = listed.filter { !$0.enabled }
        }
        return config
    }

    /// `~` and `$HOME` at the start become the home folder; a relative path is taken from `folder`.
    static func expand(_ path: String, relativeTo folder: String?, environment: [String: String]) -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        var path = path
        if path == "~" || path.hasPrefix("~/") {
            path = home + path.dropFirst()
        } else if path.hasPrefix("$HOME/") {
            path = home + path.dropFirst(5)
        }
        if !path.hasPrefix("/"), let folder, !folder.isEmpty {
            path = folder + "/" + path
        }
        return path
    }
}

/// Walks the YAML tree with error messages that name the file, the key and the feed.
struct ConfigReader {
    let source: String

    func fail(_ at: String, _ node: Node?, _ message: String) -> FeedAppError {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        return .config("\(source)\(line): \(at): \(message)")
    }

    func mapping(_ node: Node, at: String) throws(FeedAppError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw fail(at, node, "expected a mapping of keys to values") }
        return mapping
    }

    /// `at` is built only for an error: most values read are fine.
    func string(_ node: Node, at: @autoclosure () -> String) throws(FeedAppError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            throw fail(at(), node, "expected a text value")
        }
        return scalar.string
    }

    func allowOnly(_ keys: Set<String>, in mapping: Node.Mapping, at: String) throws(FeedAppError) {
        for (key, _) in mapping {
            let name = key.string ?? "?"
            if !keys.contains(name) {
                let known = keys.sorted().joined(separator: ", ")
                throw fail(at, key, "unknown key '\(name)' (known keys: \(known))")
            }
        }
    }

    func duration(_ node: Node, at: String) throws(FeedAppError) -> Duration {
        let text = try string(node, at: at)
        guard let duration = DurationText.parse(text) else {
            throw fail(at, node, "'\(text)' is not a duration (write e.g. 90s, 30m, 1h30m, 2d)")
        }
        return duration
    }

    /// An item count where 0 means "no limit".
    func count(_ node: Node, at: String) throws(FeedAppError) -> Int {
        let text = try string(node, at: at)
        guard let value = Int(text), value >= 0 else {
            throw fail(at, node, "'\(text)' is not a whole number (0 means no limit)")
        }
        return value
    }

    /// A duration, or `0`/`never` for no limit (`.zero`, so that a feed's "never" overrides a default limit).
    func age(_ node: Node, at: String) throws(FeedAppError) -> Duration {
        let text = try string(node, at: at)
        if text == "0" || text.lowercased() == "never" { return .zero }
        return try duration(node, at: at)
    }

    func positiveInt(_ node: Node, at: String) throws(FeedAppError) -> Int {
        let text = try string(node, at: at)
        guard let value = Int(text), value > 0, value <= 1024 else {
            throw fail(at, node, "'\(text)' is not a whole number from 1 to 1024")
        }
        return value
    }

    func defaults(_ node: Node) throws(FeedAppError) -> Configuration.Defaults {
        let map = try mapping(node, at: "defaults")
        try allowOnly(
            Set([
                "interval", "concurrency", "per_host", "timeout", "user_agent", "max_items", "max_age", "story_window",
            ])
            .union(Self.fetchDefaultsKeys).union(Configuration.Polling.keys), in: map, at: "defaults")
        var defaults = Configuration.Defaults()
        if let value = map.value("interval") { defaults.interval = try duration(value, at: "defaults.interval") }
        if let value = map.value("concurrency") {
            defaults.concurrency = try positiveInt(value, at: "defaults.concurrency")
        }
        if let value = map.value("per_host") { defaults.perHost = try positiveInt(value, at: "defaults.per_host") }
        if let value = map.value("timeout") { defaults.timeout = try duration(value, at: "defaults.timeout") }
        if let value = map.value("user_agent") { defaults.userAgent = try string(value, at: "defaults.user_agent") }
        if let value = map.value("max_items") { defaults.maxItems = try count(value, at: "defaults.max_items") }
        if let value = map.value("max_age") { defaults.maxAge = try age(value, at: "defaults.max_age") }
        try fetchDefaults(map, into: &defaults)
        defaults.polling = try polling(map)
        if let value = map.value("story_window") {
            defaults.storyWindow = try duration(value, at: "defaults.story_window")
        }
        return defaults
    }

    func feeds(_ node: Node) throws(FeedAppError) -> [FeedSubscription] {
        guard let list = node.sequence else { throw fail("feeds", node, "expected a list of feeds") }
        var feeds: [FeedSubscription] = []
        var seen: Set<String> = []
        feeds.reserveCapacity(list.count)
        seen.reserveCapacity(list.count)
        for (index, entry) in list.enumerated() {
            // A bare string is a feed URL: the short form for lists pasted from elsewhere. Its place in the list
            // is spelled out only for an error (a string per feed showed when reading thousands).
            let feed =
                if case .scalar = entry {
                    FeedSubscription(url: try url(entry, at: "feeds[\(index)]"))
                } else {
                    try self.feed(entry, at: "feeds[\(index)]")
                }
            guard seen.insert(feed.url).inserted else {
                throw fail("feeds[\(index)]", entry, "\(feed.url) is listed twice")
            }
            feeds.append(feed)
        }
        return feeds
    }

    func feed(_ node: Node, at: String) throws(FeedAppError) -> FeedSubscription {
        let map = try mapping(node, at: at)
        guard let urlNode = map.value("url") else { throw fail(at, node, "a feed needs a 'url'") }
        let address = try url(urlNode, at: at + ".url")
        let named = "\(at) (\(address))"
        try allowOnly(
            Set(["url", "title", "interval", "tags", "max_items", "max_age", "home_page", "enabled"]).union(
                Self.fetchFeedKeys), in: map,
            at: named)
        var feed = FeedSubscription(url: address)
        if let value = map.value("max_items") { feed.maxItems = try count(value, at: named + ".max_items") }
        if let value = map.value("max_age") { feed.maxAge = try age(value, at: named + ".max_age") }
        if let value = map.value("title") { feed.title = try string(value, at: named + ".title") }
        if let value = map.value("interval") { feed.interval = try duration(value, at: named + ".interval") }
        if let value = map.value("home_page") { feed.homePageURL = try url(value, at: named + ".home_page") }
        if let value = map.value("enabled") { feed.enabled = try bool(value, at: named + ".enabled") }
        try fetchOptions(map, into: &feed, at: named)
        if let value = map.value("tags") {
            guard let tags = value.sequence else { throw fail(named + ".tags", value, "expected a list of tags") }
            for tag in tags {
                feed.tags.append(try string(tag, at: named + ".tags"))
            }
        }
        return feed
    }

    /// Only absolute http and https URLs with a host: feedd fetches nothing else.
    func url(_ node: Node, at: @autoclosure () -> String) throws(FeedAppError) -> String {
        let text = try string(node, at: at()).trimmingWhitespace()
        guard Self.isWebURL(text) else { throw fail(at(), node, "'\(text)' is not an http or https URL") }
        return text
    }
}

extension Node {
    /// An empty value (`feeds:` with nothing after it), as a list emptied by `feeds remove` leaves it.
    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        return scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null"
    }
}

extension Node.Mapping {
    /// The value of the key written `key`, the last one as Yams's subscript takes it (the parser refuses a mapping
    /// that repeats a key anyway). By text: the subscript compares resolved tags, a regular-expression match each.
    func value(_ key: String) -> Node? {
        for (name, value) in reversed() where name.scalar?.string == key { return value }
        return nil
    }
}
