import FeedFetching
import FeedModel
import FeedParsing
import FeedStorage
import FeedWebSub
import Foundation
import Logging
import Synchronization

/// The subscriber side of WebSub in `feedd run` (W3C WebSub): keeps each polled feed's subscriptions in line with
/// the hubs it advertises, sends the subscription requests that are due, answers the hubs' verifications and
/// stores what they push. Polling goes on beside it (``WebSubPolicy/nextPoll(planned:now:pushState:)``).
///
/// Every decision is ``WebSubPolicy``'s; this type reads and writes the store's rows (``WebSubRecord``) around
/// them. A row is written before its request is sent, because a hub may verify before it answers the POST.
public final class WebSubSubscriber: Sendable {
    /// What the subscriber counted, for the metrics.
    public struct Counts: Sendable, Hashable {
        /// Pushes stored (a valid signature, a parsed document).
        public var pushesReceived = 0
        /// Pushes ignored for a missing or wrong signature.
        public var rejectedSignatures = 0
        /// Subscribe requests sent for a subscription that was active (a lease renewed).
        public var renewals = 0

        /// Nothing counted yet.
        public init() {}
    }

    /// `websub.callback`: the public URL the subscriptions' callbacks are under.
    public let callbackBase: String
    let store: any FeedStore
    let fetcher: FeedFetcher
    let parser: FeedParser
    let policy: WebSubPolicy
    let userAgent: String
    let clock: any FeedClock
    let random: @Sendable () -> Double
    let logger: Logger
    let counts = Mutex(Counts())
    /// Rung when requests became due (a feed's hubs changed), so that the sender does not wait out its sleep.
    let wakeup = Wakeup()
    /// Called after a push stored new or edited items (the hooks then look at once).
    let onStored: @Sendable () -> Void

    /// A subscriber whose callbacks are under `callbackBase`, sending requests through `fetcher`.
    public init(
        callbackBase: String, store: any FeedStore, fetcher: FeedFetcher, parser: FeedParser = FeedParser(),
        policy: WebSubPolicy = WebSubPolicy(), userAgent: String, clock: any FeedClock, logger: Logger,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        onStored: @escaping @Sendable () -> Void = {}
    ) {
        self.callbackBase = callbackBase
        self.store = store
        self.fetcher = fetcher
        self.parser = parser
        self.policy = policy
        self.userAgent = userAgent
        self.clock = clock
        self.random = random
        self.logger = logger
        self.onStored = onStored
    }

    /// The path the callbacks are under (the callback URL's path), for the listen server's routes.
    public var callbackPath: String { URL(string: callbackBase)?.path ?? "/" }

    /// The largest pushed body read (the fetcher's cap).
    public var maxBodyBytes: Int { policy.maxBodyBytes }

    /// What was counted so far.
    public var currentCounts: Counts { counts.withLock { $0 } }

    /// Where the feed's push stands: the most hopeful state among its hubs' subscriptions; nil for none.
    public func pushState(of feedURL: String) async -> PushState? {
        guard let rows = try? await store.webSubs(feedURL: feedURL) else { return nil }
        let now = clock.now()
        return Self.best(rows.compactMap { policy.pushState(of: $0.subscription, now: now) })
    }

    /// Each feed's push state (``pushState(of:)``) from every stored subscription, by the feed's URL.
    public static func pushStates(
        _ rows: [WebSubRecord], policy: WebSubPolicy = WebSubPolicy(), now: Date
    ) -> [String: PushState] {
        var states: [String: [PushState]] = [:]
        for row in rows {
            guard let feedURL = row.feedURL, let state = policy.pushState(of: row.subscription, now: now) else {
                continue
            }
            states[feedURL, default: []].append(state)
        }
        return states.compactMapValues(best)
    }

    /// The most hopeful of `states`: active (the latest lease) before pending before failing before denied.
    static func best(_ states: [PushState]) -> PushState? {
        func rank(_ state: PushState) -> (Int, Date) {
            switch state {
            case .active(let until): (3, until)
            case .pending: (2, .distantPast)
            case .failing: (1, .distantPast)
            case .denied: (0, .distantPast)
            }
        }
        return states.max { rank($0) < rank($1) }
    }

    /// The next poll of a feed whose poll policy planned `planned` at `now`, slowed while its push is active.
    public func nextPoll(planned: Date, now: Date, pushState: PushState?) -> Date {
        policy.nextPoll(planned: planned, now: now, pushState: pushState)
    }
}
