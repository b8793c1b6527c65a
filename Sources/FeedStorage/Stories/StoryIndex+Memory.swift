extension StoryIndex {
    /// Drops the slices no look-up has reached in ``idleCommits`` commits, then, while the slices held take more
    /// than ``budget`` bytes, the least recently reached, never those of the current look-ups (`keeping`). A long-running
    /// process that did a cold round over old back catalogues so comes back down to the slices of the times it
    /// is still asked about (new items: now), and a cold fetch holds the budget, reading a dropped slice again
    /// when a later feed's items reach back into it.
    mutating func shed(keeping: Set<Int64>) {
        let idle = slices.keys.filter { !keeping.contains($0) && commits - (reached[$0] ?? 0) >= idleCommits }
        for number in idle { drop(number) }
        var held = bytes
        if held > budget {
            for number in slices.keys.filter({ !keeping.contains($0) }).sorted(by: {
                (reached[$0] ?? 0) < (reached[$1] ?? 0)
            }) {
                held -= drop(number)
                if held <= budget { break }
            }
        }
        // glibc keeps freed heap for reuse; a large drop is handed back to the system.
        if dropped >= 1 << 20 {
            dropped = 0
            ProcessHeap.releaseFreePages()
        }
    }

    /// Nothing is in flight: keeps only the slices of the window around `now` (where new items' look-ups go); the
    /// caller hands the freed memory back (``ProcessHeap/releaseFreePages()``).
    mutating func shedIdle(around now: Double) {
        let keep = slice(of: now - window)...slice(of: now + window)
        for number in slices.keys where !keep.contains(number) { drop(number) }
        dropped = 0
    }

    @discardableResult
    private mutating func drop(_ number: Int64) -> Int {
        let bytes = slices.removeValue(forKey: number)?.bytes ?? 0
        reached[number] = nil
        dropped += bytes
        return bytes
    }
}
