import Foundation

/// Cleans the CSS of a `style` attribute: keeps the declarations that only lay out or colour text (the property
/// and keyword lists feedparser's sanitizer documents, so its conformance corpus measures this one) and drops the
/// rest. Style-based attacks need characters this never lets through: `url(…)` loads (trackers; `javascript:` in
/// old IE), `expression(…)` (script in IE's CSS), `behavior`/`-moz-binding` (script components), `\` escapes that
/// spell any of those, `/* */` comments that split them, `@import`. One such character anywhere and the whole
/// attribute goes: a partly understood declaration list is not cleaned, it is refused.
enum StyleSanitizer {
    /// The cleaned declarations as `property: value;` joined by spaces, or "" when nothing safe is left.
    static func clean(_ style: String) -> String {
        let scalars = Array(withoutURLs(style).unicodeScalars)
        guard usesSafeCharacters(scalars) else { return "" }
        var kept: [String] = []
        for declaration in String(String.UnicodeScalarView(scalars)).split(separator: ";") {
            if declaration.allSatisfy(\.isWhitespace) { continue }
            let parts = declaration.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return "" }
            let property = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            guard !property.isEmpty, property.unicodeScalars.allSatisfy({ isWord($0) || $0 == "-" }) else {
                return ""
            }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.isEmpty { continue }
            if safeProperties.contains(property) {
                kept.append(property + ": " + value + ";")
            } else if let family = property.split(separator: "-").first, boxFamilies.contains(String(family)),
                value.split(whereSeparator: \.isWhitespace).allSatisfy({ isSafeBoxValue(String($0)) })
            {
                // Shorthands such as `border: 1px solid #ccc` or `margin: 0 15px`: keywords, colours and lengths.
                kept.append(property + ": " + value + ";")
            }
        }
        return kept.joined(separator: " ")
    }

    /// `url(…)` references removed first, so that a declaration such as `background: #000 url(x.png)` loses only
    /// the image (a request a reader did not ask for), not its colour.
    private static func withoutURLs(_ style: String) -> String {
        var result = style
        while let start = result.range(of: "url(", options: .caseInsensitive) {
            let end = result[start.upperBound...].firstIndex(of: ")").map { result.index(after: $0) } ?? result.endIndex
            result.replaceSubrange(start.lowerBound..<end, with: " ")
        }
        return result
    }

    /// Letters, digits, white space and `: , ; # % . !`; `-` only between word characters; quotes around words
    /// and spaces (`'Comic Sans MS'`); parentheses around numbers (`rgb(0, 128, 0)`).
    private static func usesSafeCharacters(_ scalars: [Unicode.Scalar]) -> Bool {
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case ":", ",", ";", "#", "%", ".", "!", " ", "\t", "\n", "\r":
                index += 1
            case "-":
                guard index > 0, index + 1 < scalars.count, isWord(scalars[index - 1]), isWord(scalars[index + 1])
                else { return false }
                index += 1
            case "'", "\"", "(":
                let close: Unicode.Scalar = scalar == "(" ? ")" : scalar
                var end = index + 1
                while end < scalars.count, scalars[end] != close {
                    let inside = scalars[end]
                    let allowed =
                        scalar == "("
                        ? (inside.properties.numericType != nil && inside.isASCII) || inside == "," || inside == " "
                        : isWord(inside) || inside == " "
                    guard allowed else { return false }
                    end += 1
                }
                guard end < scalars.count, end > index + 1 else { return false }
                index = end + 1
            default:
                guard isWord(scalar) else { return false }
                index += 1
            }
        }
        return true
    }

    private static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
    }

    /// A keyword, a `#` colour, an `rgb(` colour or a short number with an optional CSS unit.
    private static func isSafeBoxValue(_ token: String) -> Bool {
        if safeKeywords.contains(token.lowercased()) { return true }
        if token.hasPrefix("#") { return token.count > 1 && token.dropFirst().allSatisfy(\.isHexDigit) }
        if token.lowercased().hasPrefix("rgb(") {
            return token.dropFirst(4).allSatisfy { $0.isNumber || $0 == "%" || $0 == "," || $0 == ")" }
        }
        var number = Substring(token)
        for unit in ["cm", "em", "ex", "in", "mm", "pc", "pt", "px", "%", ",", ")"] where number.hasSuffix(unit) {
            number = number.dropLast(unit.count)
            break
        }
        return number.count <= 5 && number.filter({ $0 == "." }).count <= 1
            && number.allSatisfy { $0 == "." || ("0"..."9").contains($0) }
    }

    /// Properties kept with any value the character check allows (feedparser's `acceptable_css_properties`).
    private static let safeProperties: Set<String> = [
        "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color", "border-left-color",
        "border-right-color", "border-top-color", "clear", "color", "cursor", "direction", "display", "elevation",
        "float", "font", "font-family", "font-size", "font-style", "font-variant", "font-weight", "height",
        "letter-spacing", "line-height", "overflow", "pause", "pause-after", "pause-before", "pitch", "pitch-range",
        "richness", "speak", "speak-header", "speak-numeral", "speak-punctuation", "speech-rate", "stress",
        "text-align", "text-decoration", "text-indent", "unicode-bidi", "vertical-align", "voice-family", "volume",
        "white-space", "width",
    ]

    /// Shorthand families whose values must be keywords, colours or lengths.
    private static let boxFamilies: Set<String> = ["background", "border", "margin", "padding"]

    /// feedparser's `acceptable_css_keywords`.
    private static let safeKeywords: Set<String> = [
        "auto", "aqua", "black", "block", "blue", "bold", "both", "bottom", "brown", "center", "collapse", "dashed",
        "dotted", "fuchsia", "gray", "green", "!important", "italic", "left", "lime", "maroon", "medium", "none",
        "navy", "normal", "nowrap", "olive", "pointer", "purple", "red", "right", "solid", "silver", "teal", "top",
        "transparent", "underline", "white", "yellow",
    ]
}
