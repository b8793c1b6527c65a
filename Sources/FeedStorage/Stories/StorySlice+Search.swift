extension StorySlice {
    /// Where a fingerprint's entries start in the slice's two parts (``recent`` and ``merged``): the first position
    /// in each whose entry is not below the fingerprint's lowest.
    struct Start {
        var recent: Int
        var merged: Int
    }

    /// The ``Start`` of each fingerprint, in one pass over them all: each costs a cache miss or two in ``merged``,
    /// and the searches of different fingerprints do not depend on each other, so their misses overlap instead of
    /// following one another as they did when each search was followed by its walk.
    func starts(of fingerprints: [UInt64], into starts: inout [Start]) {
        starts.removeAll(keepingCapacity: true)
        recent.withUnsafeBufferPointer { recent in
            merged.withUnsafeBufferPointer { merged in
                directory.withUnsafeBufferPointer { directory in
                    for fingerprint in fingerprints {
                        let low = fingerprint << 24
                        starts.append(
                            Start(
                                recent: Self.lowerBound(low, in: recent),
                                merged: interpolatedLowerBound(low, in: merged, directory: directory)))
                    }
                }
            }
        }
    }

    /// Reads the entry of ``merged`` where each fingerprint's run would begin (its interpolated place, see
    /// ``starts(of:into:)``) and returns them mixed: a look-up's searches then find their cache lines loaded. There
    /// is no branch on what is read, so the loads of all the fingerprints are in flight together; a look-up's own
    /// search branches on each entry it reads, which keeps the next search's loads waiting.
    func touch(_ fingerprints: [UInt64]) -> UInt64 {
        guard !merged.isEmpty else { return 0 }
        var mixed: UInt64 = 0
        merged.withUnsafeBufferPointer { merged in
            directory.withUnsafeBufferPointer { directory in
                for fingerprint in fingerprints {
                    let low = fingerprint << 24
                    let prefix = Int(truncatingIfNeeded: low >> (64 - prefixBits))
                    let first = Int(directory[prefix])
                    let end = Int(directory[prefix + 1])
                    let fraction = (low << prefixBits) >> 32
                    let position = first + Int(truncatingIfNeeded: (fraction &* UInt64(end - first)) >> 32)
                    mixed ^= merged[min(position, merged.count - 1)]
                }
            }
        }
        return mixed
    }

    /// Appends to `found` the members that have an entry of `fingerprint` and pass `probe`'s feed and window,
    /// newest first, `limit` at most, each with whether its sketch agrees on enough values to reach the similarity
    /// the probe needs. Returns how many it appended.
    @discardableResult
    func newest(
        _ fingerprint: UInt64, _ probe: StoryProbe, limit: Int, into found: inout [(member: Int64, promising: Bool)]
    ) -> Int {
        var start: [Start] = []
        starts(of: [fingerprint], into: &start)
        return newest(fingerprint, from: start[0], probe, limit: limit, into: &found)
    }

    /// ``newest(_:_:limit:into:)`` from the fingerprint's ``Start`` (``starts(of:into:)``).
    func newest(
        _ fingerprint: UInt64, from start: Start, _ probe: StoryProbe, limit: Int,
        into found: inout [(member: Int64, promising: Bool)]
    ) -> Int {
        let high = fingerprint << 24 | Self.indexMask
        var appended = 0
        // Both parts hold indices in ascending order per fingerprint, and every index of `recent` was added after
        // every one of `merged`: `recent` first, each from its end.
        if start.recent < recent.count, recent[start.recent] <= high {
            scan(recent, from: start.recent, high, probe, limit, &appended, &found)
        }
        if start.merged < merged.count, merged[start.merged] <= high {
            scan(merged, from: start.merged, high, probe, limit, &appended, &found)
        }
        return appended
    }

    /// Appends the run of entries up to `high` that starts at `start`, from its end (see ``newest(_:_:limit:into:)``).
    private func scan(
        _ part: [UInt64], from start: Int, _ high: UInt64, _ probe: StoryProbe, _ limit: Int,
        _ appended: inout Int, _ found: inout [(member: Int64, promising: Bool)]
    ) {
        // Galloping to the run's end: most runs are an entry or two, a boilerplate band's a few hundred.
        var step = 1
        while start + step - 1 < part.endIndex, part[start + step - 1] <= high { step *= 2 }
        let lower = step == 1 ? start : start + step / 2
        var position = Self.lowerBound(high, in: part[lower..<max(lower, min(start + step - 1, part.endIndex))])
        if position < part.endIndex, part[position] == high { position += 1 }
        while position > start, appended < limit {
            position -= 1
            let index = Int(truncatingIfNeeded: part[position] & Self.indexMask)
            let record = index * Self.recordWords
            guard records[record + Self.feedWord] != probe.feed, abs(times[index] - probe.time) <= probe.window
            else { continue }
            var equal = 0
            for word in 0..<Self.sketchWords {
                let difference = records[record + word] ^ probe.sketch[word]
                // A nibble is equal when all four of its bits are: fold them into its lowest bit.
                equal +=
                    ((~(difference | difference >> 1 | difference >> 2 | difference >> 3)) & 0x1111_1111)
                    .nonzeroBitCount
            }
            found.append((member(at: index), equal >= probe.needed))
            appended += 1
        }
    }

    /// The lower bound of `entry` in ``merged`` under its prefix: fingerprints are uniform, so the entry's place is
    /// about where its value lies between the prefix's bounds, and a short walk from there finds it (one or two
    /// cache lines, where a binary search misses the cache at each step).
    private func interpolatedLowerBound(
        _ entry: UInt64, in merged: UnsafeBufferPointer<UInt64>, directory: UnsafeBufferPointer<UInt32>
    ) -> Int {
        let prefix = Int(truncatingIfNeeded: entry >> (64 - prefixBits))
        let first = Int(directory[prefix])
        let end = Int(directory[prefix + 1])
        let fraction = (entry << prefixBits) >> 32
        var position = first + Int(truncatingIfNeeded: (fraction &* UInt64(end - first)) >> 32)
        while position < end, merged[position] < entry { position += 1 }
        while position > first, merged[position - 1] >= entry { position -= 1 }
        return position
    }

    /// The first position in `part` whose entry is not below `entry`, without a branch on the entries (the
    /// searches of a look-up's fingerprints then overlap; see ``starts(of:into:)``).
    private static func lowerBound(_ entry: UInt64, in part: UnsafeBufferPointer<UInt64>) -> Int {
        guard !part.isEmpty else { return 0 }
        var base = 0
        var length = part.count
        while length > 1 {
            let half = length / 2
            base = part[base + half] < entry ? base + half : base
            length -= half
        }
        return base + (part[base] < entry ? 1 : 0)
    }
}
