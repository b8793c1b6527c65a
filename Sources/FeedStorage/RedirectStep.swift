/// What one poll does to a feed's run of permanent redirects, decided apart from any database (both stores write
/// what it says).
///
/// RFC 9110 §15.4.2/§15.4.9: a client with link-editing capability ought to update its reference after 301 or 308;
/// a temporary redirect (302/303/307) or a direct answer ends the run; a poll without a response says nothing.
package enum RedirectStep: Sendable, Hashable {
    /// Nothing to write: no response, or no run stored and none begun.
    case unchanged
    /// The run ended: forget its target and count.
    case cleared
    /// The run goes on (or begins) toward `target`, now `count` polls long.
    case counted(target: String, count: Int)
    /// The run reached ``FeedRefresh/permanentRedirectsToMove``: the feed moves to `target`, its URL staying an
    /// alias, unless `target` is already another stored feed (two subscriptions would merge): then the run is
    /// only counted.
    case move(target: String, count: Int)
}

extension FeedRefresh {
    /// The step this refresh takes for the feed stored at `url` whose run so far points at `runTarget`, `runCount`
    /// polls long.
    package func redirectStep(url: String, runTarget: String?, runCount: Int) -> RedirectStep {
        guard httpStatus != nil else { return .unchanged }
        guard let target = permanentRedirect, target != url else {
            return runTarget != nil || runCount != 0 ? .cleared : .unchanged
        }
        let count = runTarget == target ? runCount + 1 : 1
        return count >= Self.permanentRedirectsToMove
            ? .move(target: target, count: count) : .counted(target: target, count: count)
    }
}
