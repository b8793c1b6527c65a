import Foundation

/// Durations as people write them in the config: `90s`, `30m`, `1h30m`, `2d`, `1w`.
///
/// A bare number is refused on purpose: "interval: 30" could mean seconds or minutes, and guessing wrong polls a
/// site 60 times too often.
public enum DurationText {
    /// Parses `text`; nil when it is not a duration.
    public static func parse(_ text: String) -> Duration? {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).lowercased().unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var total: Int64 = 0
        var number: Int64? = nil
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar >= "0", scalar <= "9" {
                let next = (number ?? 0) * 10 + Int64(scalar.value - 48)
                guard next < 1_000_000_000 else { return nil }
                number = next
            } else {
                guard let value = number else { return nil }
                let unit: Int64
                switch scalar {
                case "s": unit = 1
                case "m":
                    // `ms` is milliseconds; feedd has no use for them in a config.
                    if index + 1 < scalars.count, scalars[index + 1] == "s" { return nil }
                    unit = 60
                case "h": unit = 3600
                case "d": unit = 86_400
                case "w": unit = 604_800
                default: return nil
                }
                total += value * unit
                number = nil
            }
            index += 1
        }
        guard number == nil, total > 0 else { return nil }
        return .seconds(total)
    }

    /// The shortest text that ``parse(_:)`` reads back as `duration` (`1h30m`, `45s`).
    public static func format(_ duration: Duration) -> String {
        var seconds = duration.components.seconds
        if seconds == 0 { return "0s" }
        var text = ""
        for (unit, name) in [(Int64(86_400), "d"), (3600, "h"), (60, "m"), (1, "s")] where seconds >= unit {
            text += "\(seconds / unit)\(name)"
            seconds %= unit
        }
        return text
    }
}
