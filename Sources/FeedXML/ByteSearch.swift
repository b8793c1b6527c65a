#if canImport(Glibc)
    import Glibc
#endif

// Byte searches shared by the scanners of this package (the reader's CDATA pass here; entity repair, the HTML
// rewriter and the sanitizer's pre-scan in FeedParsing). The C library's `memchr` compares many bytes per
// instruction, so a scanner jumps between the few bytes that matter to it.
extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` at or after `start`, or `count` when there is none.
    package func index(of byte: UInt8, from start: Int) -> Int {
        guard start < count, let base = baseAddress, let hit = memchr(base + start, Int32(byte), count - start)
        else { return count }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The index where the first `needle` (ASCII) at or after `start` begins, or `count` when there is none.
    package func index(of needle: StaticString, from start: Int) -> Int {
        let first = needle.utf8Start.pointee
        var index = start
        while case let hit = self.index(of: first, from: index), hit < count {
            if has(needle, at: hit) { return hit }
            index = hit + 1
        }
        return count
    }

    /// True when `needle` (ASCII) starts at `index`.
    package func has(_ needle: StaticString, at index: Int) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard index >= 0, index + length <= count, let base = baseAddress else { return false }
        return memcmp(base + index, needle.utf8Start, length) == 0
    }
}
