import Foundation

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` at or after `start`, or `count` when there is none. The C library's `memchr`
    /// compares many bytes per instruction, so the scanners jump between the few bytes that matter to them.
    func index(of byte: UInt8, from start: Int) -> Int {
        guard start < count, let base = baseAddress, let hit = memchr(base + start, Int32(byte), count - start)
        else { return count }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}

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
