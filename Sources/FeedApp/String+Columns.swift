import Foundation

/// Foundation's `trimmingCharacters(in: .whitespaces)` and `padding(toLength:withPad:startingAt:)` with the same
/// results, in Swift: on Linux both go through NSString (a UTF-16 copy of the text and back), which made most of
/// the time of reading a configuration of thousands of feeds and of printing their `feedd status` table.
extension String {
    /// The text without the blanks (Unicode category Zs and tab, `CharacterSet.whitespaces`) at either end, as
    /// `trimmingCharacters(in: .whitespaces)` gives it; line breaks stay.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isBlank($0) }) else { return "" }
        // A non-blank scalar exists, so the backward search stops at it or after it.
        let last = scalars.lastIndex(where: { !Self.isBlank($0) }) ?? first
        let end = scalars.index(after: last)
        if first == scalars.startIndex && end == scalars.endIndex { return self }
        return String(scalars[first..<end])
    }

    /// In `CharacterSet.whitespaces`: of ASCII only space and tab, so the set is asked about other scalars only.
    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return CharacterSet.whitespaces.contains(scalar) }
        return scalar == " " || scalar == "\t"
    }

    /// The text followed by spaces up to `width` UTF-16 code units, as `padding(toLength: width, withPad: " ",
    /// startingAt: 0)` gives it (NSString counts UTF-16 units, not characters); longer text is cut by Foundation
    /// itself, the one case where the two could differ.
    public func paddingWithSpaces(to width: Int) -> String {
        var padded = ""
        padded.append(self, paddedTo: width)
        return padded
    }

    /// Appends `text` as ``paddingWithSpaces(to:)`` pads it, without making the padded text first.
    public mutating func append(_ text: String, paddedTo width: Int) {
        let length = text.utf16.count
        guard length <= width else {
            self += text.padding(toLength: width, withPad: " ", startingAt: 0)
            return
        }
        self += text
        var missing = width - length
        while missing > 0 {
            // Slices of one run of spaces: appended as bytes, where characters would go one at a time.
            let run = Self.spaces.prefix(missing)
            self += run
            missing -= run.count
        }
    }

    private static let spaces = String(repeating: " ", count: 64)
}
