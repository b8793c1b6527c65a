import FeedXML
import Foundation

extension String {
    /// True when the UTF-8 form holds `byte` (an ASCII byte: it never occurs inside a multi-byte character),
    /// found with `memchr` rather than by iterating the UTF-8 view.
    func containsASCII(_ byte: UInt8) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ $0.index(of: byte, from: 0) < $0.count }) {
            return found
        }
        return utf8.contains(byte)
    }
}

extension UInt8 {
    /// XML 1.0 §2.3 `S`: space, tab, line feed, carriage return.
    var isXMLSpace: Bool {
        self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") || self == UInt8(ascii: "\n")
            || self == UInt8(ascii: "\r")
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes without leading and trailing XML white space.
    func trimmingXMLSpace() -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = count
        while start < end, self[start].isXMLSpace { start += 1 }
        while end > start, self[end - 1].isXMLSpace { end -= 1 }
        return UnsafeBufferPointer(rebasing: self[start..<end])
    }
}
