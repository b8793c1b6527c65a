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
