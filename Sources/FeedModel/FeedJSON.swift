import Foundation

/// The one JSON encoder configuration feedd writes with, so that output is stable byte for byte.
public enum FeedJSON {
    /// Sorted keys and unescaped slashes: the same document always encodes to the same bytes.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
