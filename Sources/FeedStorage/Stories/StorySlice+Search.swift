extension StorySlice {
    /// Where a fingerprint's entries start in the slice's two parts (``recent`` and ``entries``): the first position
    /// in each whose entry is not below the fingerprint's lowest.
    struct Start {
        var recent: Int
        var merged: Int
    }

    /// The ``Start`` of each fingerprint, in one pass over them all: each costs a cache miss or two in ``entries``,
    /// and the searches of different fingerprints do not depend on each other, so their misses overlap instead of
    /// following one another as they did when each search was followed by its walk.
    func starts(of fingerprints: [UInt64], into starts: inout [Start]) {
        starts.removeAll(keepingCapacity: true)
        recent.withUnsafeBufferPointer { recent in
            entries.values.withUnsafeBufferPointer { values in
                entries.directory.withUnsafeBufferPointer { directory in
                    for fingerprint in fingerprints {
                        starts.append(
                            Start(
                                recent: Self.lowerBound(fingerprint << 24, in: recent),
                                merged: interpolatedLowerBound(
                                    entries.place(of: fingerprint, in: directory), in: values)))
                    }
                }
            }
        }
    }

    /// Reads the entry of ``entries`` where each fingerprint's run would begin (its interpolated place, see
    /// ``starts(of:into:)``) and returns them mixed: a look-up's searches then find their cache lines loaded. There
    /// is no branch on what is read, so the loads of all the fingerprints are in flight together; a look-up's own
    /// search branches on each entry it reads, which keeps the next search's loads waiting.
    func touch(_ fingerprints: [UInt64]) -> UInt64 {
        guard entries.count > 0 else { return 0 }
        var mixed: UInt64 = 0
        entries.values.withUnsafeBufferPointer { values in
            entries.directory.withUnsafeBufferPointer { directory in
                for fingerprint in fingerprints {
                    let position = entries.guess(entries.place(of: fingerprint, in: directory))
                    mixed ^= UInt64(values[min(position, values.count - 1)])
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
        var appended = 0
        // Both parts hold indices in ascending order per fingerprint, and every index of `recent` was added after
        // every one of `entries`: `recent` first, each from its end.
        let high = fingerprint << 24 | Self.indexMask
        if start.recent < recent.count, recent[start.recent] <= high {
            recent.withUnsafeBufferPointer { part in
                scan(
                    part, from: start.recent, to: part.count, high,
                    indexOf: { Int(truncatingIfNeeded: $0 & Self.indexMask) },
                    probe, limit, &appended, &found)
            }
        }
        entries.values.withUnsafeBufferPointer { values in
            let place = entries.directory.withUnsafeBufferPointer { entries.place(of: fingerprint, in: $0) }
            guard start.merged < place.end, values[start.merged] <= place.high else { return }
            scan(
                values, from: start.merged, to: place.end, place.high, indexOf: entries.index, probe, limit, &appended,
                &found)
        }
        return appended
    }

    /// Appends the run of entries up to `high` that starts at `start`, from its end (see ``newest(_:_:limit:into:)``).
    @inline(__always)
    private func scan<Entry: FixedWidthInteger>(
        _ part: UnsafeBufferPointer<Entry>, from start: Int, to end: Int, _ high: Entry, indexOf: (Entry) -> Int,
        _ probe: StoryProbe, _ limit: Int, _ appended: inout Int, _ found: inout [(member: Int64, promising: Bool)]
    ) {
        // Galloping to the run's end: most runs are an entry or two, a boilerplate band's a few hundred.
        var step = 1
        while start + step - 1 < end, part[start + step - 1] <= high { step *= 2 }
        var low = step == 1 ? start : start + step / 2
        var upper = max(low, min(start + step - 1, end))
        while low < upper {
            let middle = (low + upper) / 2
            if part[middle] <= high { low = middle + 1 } else { upper = middle }
        }
        var position = low
        while position > start, appended < limit {
            position -= 1
            let index = indexOf(part[position])
            let record = index * Self.recordWords
            guard records[record + Self.feedWord] != probe.feed, abs(time(at: index) - probe.time) <= probe.window
            else { continue }
            var equal = 0
            for word in 0..<Self.sketchWords {
                let difference = records[record + word] ^ probe.sketch[word]
                // A nibble is equal when all four of its bits are: fold them into its lowest bit.
                equal +=
                    ((~(difference | difference >> 1 | difference >> 2 | difference >> 3)) & 0x1111_1111)
                    .nonzeroBitCount
            }
            let promising = equal >= probe.needed
            if !promising, let band = probe.band,
                !records.withUnsafeBufferPointer({
                    Self.mayShareKey(UnsafeBufferPointer(rebasing: $0[record..<record + Self.sketchWords]), band, probe)
                })
            {
                continue
            }
            found.append((member(at: index), promising))
            appended += 1
        }
    }

    /// The lower bound of `place.low` among its prefix's entries: fingerprints are uniform, so the entry's place is
    /// about where its value lies between the prefix's bounds (``StorySlice/Entries/guess(_:)``), and a short walk
    /// from there finds it (one or two cache lines, where a binary search misses the cache at each step).
    private func interpolatedLowerBound(_ place: Entries.Place, in values: UnsafeBufferPointer<UInt32>) -> Int {
        var position = entries.guess(place)
        while position < place.end, values[position] < place.low { position += 1 }
        while position > place.first, values[position - 1] >= place.low { position -= 1 }
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
