/// A hash map from LSH band keys to an `Int32` (the newest entry of the band in ``StoryIndex``): open addressing
/// with linear probing over two flat arrays.
///
/// Why not `Dictionary`: band keys are already uniformly mixed 63-bit values (``StoryText/bandKeys`` end in
/// splitmix64), so hashing them again through SipHash and keeping Dictionary's per-entry metadata cost more than
/// the look-ups themselves, and a store holds a dozen of them per item.
struct BandTable {
    /// -1 marks an empty slot: band keys are never negative (they are shifted right by one).
    private var keys: [Int64]
    private var values: [Int32]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        keys = Array(repeating: -1, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    subscript(key: Int64) -> Int32? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found < 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Sets the value of `key` and returns the value it had (nil when it was absent).
    @discardableResult
    mutating func update(_ key: Int64, to value: Int32) -> Int32? {
        precondition(key >= 0, "band keys are not negative")
        if (count + 1) * 2 > keys.count { grow() }
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[slot]
            if found == key {
                let old = values[slot]
                values[slot] = value
                return old
            }
            if found < 0 {
                keys[slot] = key
                values[slot] = value
                count += 1
                return nil
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = (keys: keys, values: values)
        self = BandTable(capacity: old.keys.count)
        for (index, key) in old.keys.enumerated() where key >= 0 { update(key, to: old.values[index]) }
    }
}
