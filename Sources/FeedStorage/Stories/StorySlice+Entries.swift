extension StorySlice {
    /// A slice's merged band entries in 4 bytes each: sorted by fingerprint (``StorySlice/fingerprint(_:)``), then
    /// member index, and grouped by the fingerprint's top ``prefixBits`` bits, which a directory of where each
    /// prefix's entries start implies instead of each entry holding them. An entry holds the fingerprint's other
    /// bits above the member's index in ``indexBits`` bits, as many as the slice's member count needs; the
    /// directory takes about one prefix per 128 entries, and at least as many bits as the index takes beyond
    /// ``spareBits``, so the two always fit in 32 bits.
    struct Entries {
        private(set) var values: [UInt32] = []
        /// Where each prefix's entries start; one past the last at the end.
        private(set) var directory: [UInt32] = [0, 0]
        private(set) var prefixBits: UInt64 = 0
        private(set) var indexBits: UInt64 = 0

        /// Bits an entry has beyond a fingerprint's with no prefix implied.
        static let spareBits = 32 - fingerprintBits

        /// Where a fingerprint's entries lie: within `first..<end` (its prefix's), those from `low` to `high`.
        struct Place {
            var first: Int
            var end: Int
            var low: UInt32
            var high: UInt32
        }

        var count: Int { values.count }

        /// Bytes held, capacity included.
        var bytes: Int { values.capacity * 4 + directory.capacity * 4 }

        /// Bits of a fingerprint an entry holds.
        private var lowBits: UInt64 { fingerprintBits - prefixBits }

        init() {}

        /// `old`'s entries and `recent` (`fingerprint << 24 | index`, ascending) in one array of the exact size,
        /// laid out for a slice of `members` members.
        init(merging old: Entries, _ recent: [UInt64], members: Int) {
            let total = old.count + recent.count
            indexBits = members <= 1 ? 0 : UInt64(Int.bitWidth - (members - 1).leadingZeroBitCount)
            var bits: UInt64 = 0
            while bits < 20, total >> (bits + 7) > 0 { bits += 1 }
            prefixBits = max(bits, indexBits > Self.spareBits ? indexBits - Self.spareBits : 0)
            var encoder = Encoder(prefixBits: prefixBits, indexBits: indexBits, total: total)
            var right = 0
            old.values.withUnsafeBufferPointer { values in
                for prefix in 0..<(old.directory.count - 1) {
                    let top = UInt64(prefix) << old.lowBits
                    for position in Int(old.directory[prefix])..<Int(old.directory[prefix + 1]) {
                        let value = UInt64(values[position])
                        let entry = (top | value >> old.indexBits) << 24 | value & (1 << old.indexBits - 1)
                        while right < recent.count, recent[right] < entry {
                            encoder.put(recent[right])
                            right += 1
                        }
                        encoder.put(entry)
                    }
                }
            }
            for entry in recent[right...] { encoder.put(entry) }
            for prefix in 1..<encoder.starts.count { encoder.starts[prefix] += encoder.starts[prefix - 1] }
            values = encoder.values
            directory = encoder.starts
        }

        /// The ``Place`` of a fingerprint's entries.
        @inline(__always)
        func place(of fingerprint: UInt64, in directory: UnsafeBufferPointer<UInt32>) -> Place {
            let prefix = Int(truncatingIfNeeded: fingerprint >> lowBits)
            let low = UInt32(truncatingIfNeeded: (fingerprint & (1 << lowBits - 1)) << indexBits)
            return Place(
                first: Int(directory[prefix]), end: Int(directory[prefix + 1]), low: low,
                high: low | UInt32(truncatingIfNeeded: 1 << indexBits - 1))
        }

        /// Where in its prefix's entries `place.low` would lie if the prefix's values were spread evenly (they
        /// are: fingerprints are uniform).
        @inline(__always)
        func guess(_ place: Place) -> Int {
            let fraction = UInt64(place.low) << (32 - lowBits - indexBits)
            return place.first + Int(truncatingIfNeeded: (fraction &* UInt64(place.end - place.first)) >> 32)
        }

        /// The member index an entry holds.
        @inline(__always)
        func index(_ value: UInt32) -> Int { Int(truncatingIfNeeded: UInt64(value) & (1 << indexBits - 1)) }
    }

    /// Writes entries in ascending order in an ``Entries`` layout, counting each prefix's.
    private struct Encoder {
        let prefixBits: UInt64
        let indexBits: UInt64
        var values: [UInt32] = []
        var starts: [UInt32]

        init(prefixBits: UInt64, indexBits: UInt64, total: Int) {
            self.prefixBits = prefixBits
            self.indexBits = indexBits
            values.reserveCapacity(total)
            starts = [UInt32](repeating: 0, count: (1 << prefixBits) + 1)
        }

        @inline(__always)
        mutating func put(_ entry: UInt64) {
            let fingerprint = entry >> 24
            let lowBits = fingerprintBits - prefixBits
            starts[Int(truncatingIfNeeded: fingerprint >> lowBits) + 1] += 1
            values.append(
                UInt32(truncatingIfNeeded: (fingerprint & (1 << lowBits - 1)) << indexBits | entry & indexMask))
        }
    }
}
