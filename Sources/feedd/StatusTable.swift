import FeedApp

/// `feedd status` as a plain table.
enum StatusTable {
    static func render(_ rows: [Application.StatusRow]) -> String {
        // The PUSH column only when some feed has a WebSub subscription: without WebSub it would say "none" on
        // every row.
        let pushes = rows.contains { $0.push != nil }
        var table = [
            ["FEED", "LAST POLL", "RESULT", "ITEMS", "INTERVAL", "NEXT POLL"] + (pushes ? ["PUSH"] : []) + ["ERROR"]
        ]
        for row in rows {
            // "not_modified (200)" read as a contradiction (a 200 whose body hash matched the last one): the table
            // says "unchanged", true of a 304 and of such a 200 alike; --json keeps the outcome's name.
            var result = row.outcome.map { $0 == "not_modified" ? "unchanged" : $0 } ?? "never polled"
            if let status = row.httpStatus { result += " (\(status))" }
            if row.consecutiveFailures > 1 { result += " ×\(row.consecutiveFailures)" }
            var feed = row.url
            if let moved = row.movedTo { feed += " → \(moved)" }
            var next = row.nextPoll ?? "now"
            if row.gone { next = "never (gone; feedd feeds enable URL)" }
            let push = row.push.map { $0 + (row.pushUntil.map { " until \($0)" } ?? "") } ?? "none"
            table.append(
                [feed, row.lastPoll ?? "-", result, "\(row.items)", interval(row), next] + (pushes ? [push] : [])
                    + [row.error ?? ""])
        }
        let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
        // Each line built in one buffer, then trimmed: thousands of rows made a string per padded cell, one per
        // joined line and a copy per join before.
        var output = ""
        var line = ""
        line.reserveCapacity(widths.reduce(2 * widths.count, +))
        for (number, cells) in table.enumerated() {
            line.removeAll(keepingCapacity: true)
            for (index, cell) in cells.enumerated() {
                if index > 0 { line += "  " }
                if index == cells.count - 1 { line += cell } else { line.append(cell, paddedTo: widths[index]) }
            }
            if number > 0 { output += "\n" }
            output += line.trimmingWhitespace()
        }
        return output
    }

    /// "1h30m (adaptive)", "- " before the first poll.
    static func interval(_ row: Application.StatusRow) -> String {
        guard let reason = row.intervalReason else { return "-" }
        guard let seconds = row.intervalSeconds else { return reason }
        return "\(compact(seconds)) (\(reason))"
    }

    /// Seconds as the largest two units: 45s, 12m30s, 5h15m, 2d3h.
    static func compact(_ seconds: Int) -> String {
        let units = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var rest = max(seconds, 0)
        var parts: [String] = []
        for (name, size) in units where rest >= size || (parts.isEmpty && size == 1) {
            parts.append("\(rest / size)\(name)")
            rest %= size
            if parts.count == 2 { break }
        }
        return parts.joined()
    }
}
