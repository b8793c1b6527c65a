internal import CProcess

/// Hands the heap's free pages back to the system. glibc keeps what a round of polls freed (documents, parsed
/// feeds, prepared rows) in its arenas for reuse, so without this a daemon holds the peak of its busiest round for
/// good; `malloc_trim(0)` releases the whole free pages of every arena (malloc_trim(3)).
enum HeapTrim {
    /// How long the daemon goes between two trims at least: a trim walks every arena, so a daemon whose polls end one
    /// by one does it now and then, not after each.
    static let minimumGap = 10.0

    static func releaseFreePages() {
        _ = malloc_trim(0)
    }
}
