import Foundation

/// An Atom feed a test publishes through a ``WebSubHub``: its entries, written as a whole document (a fat ping)
/// or as a document of only some of them (a diff, as Google's hub and Superfeedr send).
public struct HubFeed: Sendable {
    /// One entry.
    public struct Entry: Sendable, Hashable {
        /// The `atom:id`.
        public var id: String
        /// The title.
        public var title: String
        /// The `atom:updated`, also its publication time.
        public var updated: Date

        /// An entry from its parts.
        public init(id: String, title: String, updated: Date) {
            self.id = id
            self.title = title
            self.updated = updated
        }
    }

    /// The feed's `self` URL, the topic.
    public var topic: String
    /// The entries, newest last.
    public var entries: [Entry]

    /// A feed at `topic` with `entries`.
    public init(topic: String, entries: [Entry] = []) {
        self.topic = topic
        self.entries = entries
    }

    /// The Atom document of `entries` (every entry when nil), naming `hub` and the topic.
    public func document(hub: String, entries only: [Entry]? = nil) -> Data {
        let formatter = ISO8601DateFormatter()
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Pushed feed</title>
              <id>\(escaped(topic))</id>
              <updated>\(formatter.string(from: entries.last?.updated ?? Date(timeIntervalSince1970: 0)))</updated>
              <link rel="self" href="\(escaped(topic))"/>
              <link rel="hub" href="\(escaped(hub))"/>

            """
        for entry in only ?? entries {
            xml += """
                  <entry>
                    <id>\(escaped(entry.id))</id>
                    <title>\(escaped(entry.title))</title>
                    <updated>\(formatter.string(from: entry.updated))</updated>
                    <link href="\(escaped(entry.id))"/>
                  </entry>

                """
        }
        return Data((xml + "</feed>\n").utf8)
    }

    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
