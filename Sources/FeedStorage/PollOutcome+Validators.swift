/// How a poll's response validators (ETag, Last-Modified) change the stored ones.
package enum ValidatorUpdate: Sendable, Hashable {
    /// Both replaced, a missing one cleared.
    case replace
    /// Each given one replaces the stored one; a missing one keeps it.
    case merge
    /// The stored ones stay.
    case keep
}

extension PollOutcome {
    /// A 200 is the whole truth about the new representation, so it replaces both (a validator the server stopped
    /// sending is cleared). A 304 must repeat the ETag a 200 would carry but need not repeat Last-Modified
    /// (RFC 9110 §15.4.5), so it only updates what it carries. A failed poll keeps the validators of the last good
    /// response: a 5xx page's ETag must not make the next request conditional on an error page.
    package var validatorUpdate: ValidatorUpdate {
        switch self {
        case .updated: .replace
        case .notModified: .merge
        case .failed: .keep
        }
    }
}
