internal import CProcess

/// How the process's heap gives memory back (glibc's malloc, mallopt(3), malloc_trim(3)).
public enum ProcessHeap {
    /// How long the daemon goes between two trims at least: a trim walks every arena, so a daemon whose polls end one
    /// by one does it now and then, not after each.
    public static let minimumTrimGap = 10.0

    /// Blocks from this size up are mapped on their own and unmapped when freed (glibc's initial threshold, kept
    /// fixed: glibc raises it after each such free, up to 32 MiB, and then keeps feed documents, slices and
    /// batches in the arenas, where they leave holes that outlive them).
    static let mmapThreshold: Int32 = 128 * 1024

    /// Sets how the heap holds memory; call it first thing, before threads start.
    ///
    /// At most two malloc arenas (glibc makes up to eight per core, one per thread that meets a busy one): each
    /// arena keeps the memory its threads freed, and polls hop between threads, so many arenas multiply what a
    /// busy round leaves behind, for no measurable CPU.
    public static func configure() {
        _ = mallopt(M_ARENA_MAX, 2)
    }

    /// Maps large blocks on their own (``mmapThreshold``), for commands that poll: a fetch's documents come and go,
    /// and the heap's peak should be what is in flight, not what once was. Not for the others: a `dump` that
    /// maps and unmaps each page of items it reads ran a quarter slower.
    public static func mapLargeBlocks() {
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
    }

    /// Hands the heap's free pages back to the system. glibc keeps what a round of polls freed (documents, parsed
    /// feeds, prepared rows) for reuse, so without this a daemon holds the peak of its busiest round for good.
    public static func releaseFreePages() {
        _ = malloc_trim(0)
    }
}
