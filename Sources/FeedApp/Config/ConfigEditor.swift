import FeedModel
import FeedStorage
import Foundation
import Yams

/// Edits the `feeds:` list of a configuration file as text, so that everything else in it (comments, blank
/// lines, key order, quoting) stays exactly as the user wrote it.
///
/// YAML libraries drop comments when they write a document back, so the editor never re-serializes: it finds an
/// entry's lines from the parsed tree's line numbers and inserts or removes whole lines. It edits block lists
/// (`- url: …` lines) only; a `feeds:` written in flow style (`[a, b]`) is refused with a sentence saying so.
/// Every edit is parsed again before it is returned, so a result that would not load is never written.
struct ConfigEditor {
    /// The file's text, as lines without their newline.
    private(set) var lines: [String]
    /// Where the text came from, for messages.
    let source: String

    init(text: String, source: String) {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        self.source = source
    }

    /// The edited text, ending with a newline.
    var text: String { lines.joined(separator: "\n") + "\n" }

    /// One entry of the `feeds:` list: its lines (0-based, inclusive), the column of its dash, and its node.
    struct Entry {
        var url: String
        var first: Int
        var last: Int
        var dashColumn: Int
        var node: Node
    }

    /// The `feeds:` key's line (0-based) and its entries; nil line when the file has no `feeds:` key.
    func feedEntries() throws(FeedAppError) -> (keyLine: Int?, entries: [Entry]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .config("\(source) is not valid YAML: \(error)")
        }
        guard let mapping = root?.mapping else { return (nil, []) }
        guard let (key, value) = mapping.first(where: { $0.key.string == "feeds" }) else { return (nil, []) }
        let keyLine = (key.mark?.line ?? 1) - 1
        if value.isNull { return (keyLine, []) }
        guard let list = value.sequence, !isFlow(value) else {
            throw .config(
                "\(source): 'feeds' is not a block list ('- url: …' lines), which is the only form feedd edits; "
                    + "rewrite it as one and try again")
        }
        var entries: [Entry] = []
        for node in list {
            guard let mark = node.mark else { continue }
            let line = mark.line - 1
            let dash = dashColumn(line: line, before: mark.column - 1)
            let url = node.scalar?.string ?? node.mapping?.value("url")?.string ?? ""
            entries.append(Entry(url: url, first: line, last: line, dashColumn: dash, node: node))
        }
        for index in entries.indices {
            let stop = index + 1 < entries.count ? entries[index + 1].first : lines.count
            entries[index].last = lastLine(of: entries[index], before: stop)
        }
        return (keyLine, entries)
    }

    private func isFlow(_ node: Node) -> Bool {
        guard let mark = node.mark else { return false }
        let line = lines[mark.line - 1]
        let start = line.index(line.startIndex, offsetBy: min(mark.column - 1, line.count))
        return line[start...].hasPrefix("[")
    }

    private func dashColumn(line: Int, before column: Int) -> Int {
        let text = Array(lines[line])
        var index = min(column, text.count) - 1
        while index >= 0, text[index] != "-" { index -= 1 }
        return max(index, 0)
    }

    /// The entry's last line: the lines after its dash indented deeper than the dash, stopping at the first line
    /// that is not (the next entry or key). Blank and comment lines at the end belong to what follows them.
    private func lastLine(of entry: Entry, before stop: Int) -> Int {
        var last = entry.first
        var line = entry.first + 1
        while line < stop {
            let text = lines[line]
            let trimmed = text.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                line += 1
                continue
            }
            if text.count - trimmed.count <= entry.dashColumn { break }
            last = line
            line += 1
        }
        return last
    }

    /// Appends a feed at the end of the list (creating `feeds:` if the file has none).
    mutating func add(_ feed: FeedSubscription) throws(FeedAppError) {
        let (keyLine, entries) = try feedEntries()
        if entries.contains(where: { $0.url == feed.url }) {
            throw .usage("\(feed.url) is already in \(source)")
        }
        let dash = entries.last?.dashColumn ?? 2
        let block = Self.entryLines(feed, dashColumn: dash)
        if let last = entries.last {
            lines.insert(contentsOf: block, at: last.last + 1)
        } else if let keyLine {
            lines[keyLine] = String(lines[keyLine].prefix { $0 != ":" }) + ":"
            lines.insert(contentsOf: block, at: keyLine + 1)
        } else {
            if let lastLine = lines.last, !lastLine.isEmpty { lines.append("") }
            lines.append("feeds:")
            lines.append(contentsOf: block)
        }
    }

    /// Removes a feed's entry, comments inside it included.
    mutating func remove(url: String) throws(FeedAppError) {
        let entry = try self.entry(url)
        lines.removeSubrange(entry.first...entry.last)
    }

    /// Writes or removes `enabled: false` in a feed's entry (a bare-URL entry becomes a `url:` mapping first).
    mutating func setEnabled(_ enabled: Bool, url: String) throws(FeedAppError) {
        let entry = try self.entry(url)
        let keyIndent = String(repeating: " ", count: entry.dashColumn + 2)
        guard let mapping = entry.node.mapping else {
            if enabled { return }
            lines[entry.first] =
                String(repeating: " ", count: entry.dashColumn) + "- url: " + Self.scalar(url)
            lines.insert(keyIndent + "enabled: false", at: entry.first + 1)
            return
        }
        if let (key, _) = mapping.first(where: { $0.key.string == "enabled" }), let line = key.mark?.line {
            if enabled {
                lines.remove(at: line - 1)
            } else {
                let indent = String(repeating: " ", count: (key.mark?.column ?? 1) - 1)
                lines[line - 1] = (lines[line - 1].hasPrefix(indent) ? indent : keyIndent) + "enabled: false"
            }
        } else if !enabled {
            lines.insert(keyIndent + "enabled: false", at: entry.last + 1)
        }
    }

    private func entry(_ url: String) throws(FeedAppError) -> Entry {
        guard let entry = try feedEntries().entries.first(where: { $0.url == url }) else {
            throw .usage("\(url) is not in the feeds list of \(source)")
        }
        return entry
    }

    /// A new entry's lines, keys in the order `feedd` documents them.
    static func entryLines(_ feed: FeedSubscription, dashColumn: Int) -> [String] {
        let dash = String(repeating: " ", count: dashColumn)
        let key = dash + "  "
        var block = [dash + "- url: " + scalar(feed.url)]
        if let title = feed.title { block.append(key + "title: " + quoted(title)) }
        if !feed.tags.isEmpty { block.append(key + "tags: [" + feed.tags.map(quoted).joined(separator: ", ") + "]") }
        if let home = feed.homePageURL { block.append(key + "home_page: " + scalar(home)) }
        if !feed.enabled { block.append(key + "enabled: false") }
        return block
    }

    /// A URL plain when YAML reads it back unchanged, else double-quoted.
    static func scalar(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isASCII && !$0.isWhitespace && !"#\"'{}[],&*!|>%@`".contains($0) }
        return safe && !text.contains(": ") && !text.hasSuffix(":") ? text : quoted(text)
    }

    /// A YAML double-quoted scalar: JSON's string escapes are valid YAML (YAML 1.2 §5.7).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
