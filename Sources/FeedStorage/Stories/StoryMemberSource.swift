import Foundation

/// Where the story index (``StoryIndex``) reads the members it holds and the rows of those a look-up finds
/// promising: the store's `story_member` table, inside the write transaction that looks them up. The index asks
/// for members by number and by story time and never writes; each backend answers from its own table.
protocol StoryMemberSource {
    /// The highest member stored, 0 when there is none.
    func lastStoryMember() throws -> Int64
    /// Calls `body` with each member after `member`, in member order.
    func forEachStoryMember(after member: Int64, _ body: (StoryMemberRow) throws -> Void) throws
    /// Calls `body` with each member up to `last` whose story time is at least `lower` and below `upper`, in member
    /// order.
    func forEachStoryMember(
        timesFrom lower: Double, to upper: Double, upTo last: Int64, _ body: (StoryMemberRow) throws -> Void) throws
    /// What reads a member's signature (``StoryText/signatureBlob``; nil when its row is gone: retention removed
    /// its item). A look-up asks once and reads several.
    func storySignatureReader() throws -> (_ member: Int64) throws -> Data?
    /// What a match needs of a member besides its signature, nil when its row is gone.
    func storyMatchFields(of member: Int64) throws -> StoryMatchFields?
}

/// A member as the index holds it.
struct StoryMemberRow {
    var member: Int64
    var feedID: Int64
    var time: Double
    /// ``StoryText/signatureBlob``.
    var signature: Data
}

/// What deciding a match with a member takes besides its signature: its story, and its title words and entities
/// as stored (space-separated).
struct StoryMatchFields {
    var storyID: Int64
    var titleWords: String
    var entities: String
}
