import FeedApp

/// `feedd status` as a plain table.
enum StatusTable {
    static func render(_ rows: [Application.StatusRow]) -> String {
        var table = [["FEED", "LAST POLL", "RESULT", "ITEMS", "NEXT POLL", "ERROR"]]
        for row in rows {
            var result = row.outcome ?? "never polled"
            if let status = row.httpStatus { result += " (\(status))" }
            if row.consecutiveFailures > 1 { result += " ×\(row.consecutiveFailures)" }
            table.append([
                row.url, row.lastPoll ?? "-", result, "\(row.items)", row.nextPoll ?? "now", row.error ?? "",
            ])
        }
        let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
