import FeedCrypto
import FeedFetching
import FeedModel
import FeedParsing
import FeedStorage
import FeedWebSub
import Foundation
import Logging

/// Polls one feed: fetch → parse → store, with the result, the next poll time and the poll state committed in one
/// transaction.
public struct FeedRefresher: Sendable {
    /// Request settings shared by every poll.
    public struct Settings: Sendable {
        public var userAgent: String
        public var timeout: Duration
        public var maxBodyBytes: Int
        /// The proxy of feeds that name none: nil leaves it to the environment (`http_proxy`...), empty is direct.
        public var proxy: String?
        /// Each feed's own request options (user agent, headers, insecure, proxy), by URL; a reload replaces them.
        public var subscriptions = SubscriptionTable()
        /// WebSub (`websub.callback` with `run --listen`): each parsed document's hubs are subscribed to, and a
        /// feed whose push is active is polled less often; nil polls as if no feed named a hub.
        public var webSub: WebSubSubscriber?

        public init(userAgent: String, timeout: Duration = .seconds(60), maxBodyBytes: Int = 16 << 20) {
            self.userAgent = userAgent
            self.timeout = timeout
            self.maxBodyBytes = maxBodyBytes
        }
    }

    let fetcher: FeedFetcher
    let parser: FeedParser
    let store: any FeedStore
    let clock: any FeedClock
    let policy: PollPolicy
    let settings: Settings
    let random: @Sendable () -> Double
    let logger: Logger

    public init(
        fetcher: FeedFetcher, parser: FeedParser = FeedParser(), store: any FeedStore, clock: any FeedClock,
        policy: PollPolicy = PollPolicy(), settings: Settings,
        random: @escaping @Sendable () -> Double = {
            Double.random(in: 0..<1)
        }, logger: Logger
    ) {
        self.fetcher = fetcher
        self.parser = parser
        self.store = store
        self.clock = clock
        self.policy = policy
        self.settings = settings
        self.random = random
        self.logger = logger
    }

    /// One poll in progress: the feed as stored, what the configuration says of it, and when the poll began.
    struct Poll: Sendable {
        var feed: FeedRecord
        /// The configured interval, which replaces the adaptive one; nil to learn it from the feed.
        var configured: Duration?
        var retention: Retention
        var started: Date
        /// The lease the poll runs under (several workers sharing a store), checked by the commit.
        var lease: FeedLease?
    }

    /// Polls `feed` once and stores what it finds. Never throws: every failure becomes the feed's recorded error
    /// (so one broken feed never stops the others) and the report says it.
    ///
    /// A gone feed (410) and a feed inside the server's Retry-After window are not requested at all.
    /// - Parameters:
    ///   - interval: the configured interval; nil lets the policy learn one from the feed's new items.
    ///   - lease: the store's lease on the feed (``FeedStore/claim(_:for:lease:now:)``): the commit is refused,
    ///     and the report says so, when another worker has taken the feed over meanwhile.
    ///   - slotFreed: called once, before the commit, when the poll holds no document any more (a 304, a failure,
    ///     an unchanged body): what is left is a small write waiting for the store's writer, so the caller may
    ///     give the poll's slot to the next feed.
    ///   - transferEnded: called once when the request's transfer ends (with a response or not), so that the
    ///     caller may give back the host slot it took for it (``HostGate``).
    public func refresh(
        _ feed: FeedRecord, interval: Duration? = nil, retention: Retention = Retention(), lease: FeedLease? = nil,
        slotFreed: @Sendable () -> Void = {}, transferEnded: @Sendable () -> Void = {}
    ) async -> PollReport {
        let started = clock.now()
        if let report = skipped(feed, at: started) { return report }
        let poll = Poll(feed: feed, configured: interval, retention: retention, started: started, lease: lease)
        let request = settings.request(for: feed)
        var response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
            transferEnded()
        } catch {
            transferEnded()
            if Task.isCancelled { return PollReport(feedURL: feed.url, outcome: .cancelled) }
            slotFreed()
            return await record(.failed(error.description), status: error.httpStatus, response: nil, poll)
        }
        if response.isNotModified {
            slotFreed()
            return await record(.notModified, status: response.status, response: response, poll)
        }
        guard (200..<300).contains(response.status) else {
            // classify names what a person should know: gone (410), a bot wall (403 challenge), or the status.
            let error = FetchError.classify(response) ?? FetchError.httpStatus(response.status)
            slotFreed()
            return await record(.failed(error.description), status: response.status, response: response, poll)
        }
        // A 200 with the very bytes stored last time is a server that ignores conditional requests: treat it as
        // "not modified" and skip the parse and the item writes.
        let bodyHash = SHA256.hex(response.body)
        if bodyHash == feed.bodyHash {
            slotFreed()
            return await record(.notModified, status: response.status, response: response, poll)
        }
        let parsed: Feed
        do {
            parsed = try parser.parse(response.body, url: response.finalURL, contentType: response.contentType)
        } catch {
            return await record(.failed(error.description), status: response.status, response: response, poll)
        }
        // The document is parsed: its bytes need not wait with it for the store's writer.
        response.body = Data()
        let report = await record(
            .updated(parsed, bodyHash: bodyHash), status: response.status, response: response, poll)
        if let webSub = settings.webSub, report.outcome == .updated {
            let discovery = HubDiscovery.discover(
                feedURL: feed.url, responseURL: response.finalURL, linkHeaders: response.links,
                documentLinks: parsed.links)
            await webSub.reconcile(feedURL: feed.url, discovery: discovery)
        }
        return report
    }

    /// The report for a feed that must not be requested now: gone, or inside a Retry-After window (which
    /// survives restarts because the window is stored); nil when it may be polled.
    private func skipped(_ feed: FeedRecord, at now: Date) -> PollReport? {
        if feed.isGone {
            return PollReport(
                feedURL: feed.url, outcome: .skipped, nextPollReason: .gone,
                error: "\(feed.url) answered 410 Gone; it is not polled until `feedd feeds enable \(feed.url)`")
        }
        if let until = feed.pollState.retryAfterUntil, until > now {
            return PollReport(
                feedURL: feed.url, outcome: .skipped, nextPollAt: until,
                nextPollReason: .retryAfter)
        }
        return nil
    }

    /// Commits the poll's result with the policy's plan and reports it.
    private func record(
        _ result: FeedRefresh.Result, status: Int?, response: FetchResponse?, _ poll: Poll
    ) async -> PollReport {
        let now = clock.now()
        let inputs = Self.inputs(poll, result, response, now: now, random: random())
        let policy = self.policy
        let started = poll.started
        // The adaptive interval counts this poll's new items too; the store knows how many only once it has
        // compared keys, so the plan is made inside its transaction. The first document stored (no body hash
        // yet) is the feed's back catalogue, all "new" at once: it says nothing about the rate, as the store's
        // query leaves it out too.
        let firstDocument = poll.feed.bodyHash == nil
        // While a hub pushes the feed, polling is the safety net and slows down (WebSubPolicy.nextPoll).
        let webSub = settings.webSub
        let pushState = await webSub?.pushState(of: poll.feed.url)
        // The feed's earlier new-item times are read in the same transaction (no read of its own per poll).
        let plan: @Sendable (RefreshSummary) -> PollPlan = { summary in
            var inputs = inputs
            inputs.newItemTimes = summary.earlierNewItemTimes
            var made = policy.plan(inputs.adding(firstDocument ? 0 : summary.newItems, at: started))
            if let webSub, let planned = made.nextDueAt {
                made.nextDueAt = webSub.nextPoll(planned: planned, now: now, pushState: pushState)
            }
            return made
        }
        // Validators from a 304 replace the stored ones (RFC 9111 §4.3.4); a 304 without any keeps them.
        let validators = response.flatMap { $0.validators.isEmpty ? nil : $0.validators }
        var refresh = FeedRefresh(
            feedURL: poll.feed.url, polledAt: poll.started, result: result, httpStatus: status,
            validators: validators, retention: poll.retention, plan: plan,
            permanentRedirect: response?.permanentRedirectTarget)
        refresh.newItemTimesSince = now.addingTimeInterval(-PollPolicy.rateWindow)
        refresh.lease = poll.lease
        let summary: RefreshSummary
        do {
            summary = try await commit(refresh)
        } catch {
            return finish(
                PollReport(
                    feedURL: poll.feed.url, outcome: .failed, httpStatus: status,
                    duration: elapsed(since: poll.started), error: "could not store the feed: \(error)"))
        }
        let made = plan(summary)
        var report = PollReport(
            feedURL: poll.feed.url, outcome: PollReport.Outcome(result), httpStatus: status,
            newItems: summary.newItems, updatedItems: summary.updatedItems, bytes: response?.downloadedBytes ?? 0,
            duration: elapsed(since: poll.started), nextPollAt: made.nextDueAt, nextPollReason: made.state.reason,
            interval: made.state.interval, movedTo: summary.movedTo)
        if case .failed(let message) = result { report.error = message }
        return finish(report)
    }

    /// Commits in a task of its own, which shutdown's cancellation does not reach: a poll whose data has arrived
    /// is stored whole, so shutting down loses nothing that was already fetched.
    private func commit(_ refresh: FeedRefresh) async throws -> RefreshSummary {
        let store = self.store
        return try await Task { try await store.commit(refresh) }.value
    }

    private func elapsed(since start: Date) -> Duration {
        .milliseconds(Int64((clock.now().timeIntervalSince(start) * 1000).rounded()))
    }
}
