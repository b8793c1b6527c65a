import Foundation

extension WebSubPolicy {
    /// The next poll of a feed whose poll policy planned `planned` at `now`, given where its push subscription
    /// stands (the most hopeful state of its hubs'; nil for none).
    ///
    /// Polling stays the safety net for items a hub fails to push, so it slows but never stops: while a lease is
    /// active the wait is ``pushedPollFactor`` times the planned one (a quarter of the polls), at most a day
    /// unless the poll policy itself planned longer, so that an item a hub dropped still arrives within a day at
    /// worst. It never runs past the lease's end: a lease that lapses without a renewal puts the feed back on its
    /// planned interval at once. Pending, denied and failing subscriptions change nothing.
    public func nextPoll(planned: Date, now: Date, pushState: PushState?) -> Date {
        guard case .active(let until) = pushState, planned > now else { return planned }
        let wait = planned.timeIntervalSince(now)
        let slowed = min(wait * Self.pushedPollFactor, max(wait, 86_400))
        return max(planned, min(now.addingTimeInterval(slowed), until))
    }

    /// How much longer the poll interval is while a feed is pushed.
    public static let pushedPollFactor = 4.0
}
