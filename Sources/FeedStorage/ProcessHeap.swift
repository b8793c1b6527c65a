internal import CProcess

/// How the process's heap gives memory back (glibc's malloc, mallopt(3), malloc_trim(3)).
public enum ProcessHeap {
    /// How long the daemon goes between two trims at least: a trim walks every arena, so a daemon whose polls end one
    /// by one does it now and then, not after each.
    public static let minimumTrimGap = 10.0

    /// At most two malloc arenas (glibc makes up to eight per core, one per thread that meets a busy one): each
    /// arena keeps the memory its threads freed, and polls hop between threads, so many arenas multiply what a
    /// busy round leaves behind, for no measurable CPU. Call it first thing, before threads start.
    public static func limitArenas() {
        _ = mallopt(M_ARENA_MAX, 2)
    }

    /// Hands the heap's free pages back to the system. glibc keeps what a round of polls freed (documents, parsed
    /// feeds, prepared rows) for reuse, so without this a daemon holds the peak of its busiest round for good.
    public static func releaseFreePages() {
        _ = malloc_trim(0)
    }
}
