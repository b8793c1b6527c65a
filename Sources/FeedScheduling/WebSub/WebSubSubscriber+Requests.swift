import FeedFetching
import FeedModel
import FeedStorage
import FeedWebSub
import Foundation
import Logging

// The subscription requests: which hubs a feed's rows should be asked (after each poll, and when the feed list
// changes), and the sender that POSTs the requests that are due.
extension WebSubSubscriber {
    /// Brings the feed's rows in line with what its latest document advertises: a hub named for the first time
    /// (or for a new topic) is subscribed to, a hub no longer named is unsubscribed from. A hub that denied the
    /// topic is not asked again while it keeps being named. nil (no hub named) unsubscribes from every hub.
    public func reconcile(feedURL: String, discovery: HubDiscovery?) async {
        do {
            let rows = try await store.webSubs(feedURL: feedURL)
            let now = clock.now()
            let wanted = discovery?.hubs ?? []
            var due = false
            for hub in wanted {
                let topic = discovery?.topic ?? feedURL
                if var row = rows.first(where: { $0.hub == hub }) {
                    guard row.intent == .unsubscribe || row.topic != topic || row.state == .ended else { continue }
                    row.topic = topic
                    row.intent = .subscribe
                    try await store.saveWebSub(Self.asking(row, at: now))
                } else {
                    let credentials = SubscriptionCredentials.generate()
                    let row = WebSubRecord(
                        token: credentials.token, secret: credentials.secret, feedURL: feedURL, hub: hub, topic: topic,
                        intent: .subscribe, state: .requested, stateAt: now, nextRequestAt: now)
                    try await store.saveWebSub(row)
                    logger.info("websub: subscribing", metadata: ["feed": "\(feedURL)", "hub": "\(hub)"])
                }
                due = true
            }
            for row in rows where row.intent == .subscribe && !wanted.contains(row.hub) {
                try await unsubscribe(row, at: now)
                due = true
            }
            if due { wakeup.ring() }
        } catch {
            logger.warning("websub: could not update the feed's subscriptions", metadata: ["error": "\(error)"])
        }
    }

    /// Unsubscribes from every hub of the feeds not among `feeds` (removed from the configuration or disabled).
    public func keepOnly(_ feeds: [FeedSubscription]) async {
        do {
            var kept = Set(feeds.map(\.url))
            for case (_, let record?) in try await store.records(for: feeds) { kept.insert(record.url) }
            let now = clock.now()
            var due = false
            for row in try await store.webSubs(feedURL: nil) where row.intent == .subscribe {
                guard row.feedURL.map({ !kept.contains($0) }) ?? true else { continue }
                try await unsubscribe(row, at: now)
                due = true
            }
            if due { wakeup.ring() }
        } catch {
            logger.warning("websub: could not end the subscriptions of removed feeds", metadata: ["error": "\(error)"])
        }
    }

    /// Turns the row into an unsubscribe request due now; one the hub never took (denied, ended) just ends.
    private func unsubscribe(_ row: WebSubRecord, at now: Date) async throws {
        var row = row
        row.intent = .unsubscribe
        if row.state == .denied || row.state == .ended {
            row.state = .ended
            row.nextRequestAt = nil
            try await store.saveWebSub(row)
        } else {
            try await store.saveWebSub(Self.asking(row, at: now))
        }
        logger.info("websub: unsubscribing", metadata: ["topic": "\(row.topic)", "hub": "\(row.hub)"])
    }

    /// The row asking its intent afresh, the request due now.
    static func asking(_ row: WebSubRecord, at now: Date) -> WebSubRecord {
        var row = row
        row.state = .requested
        row.stateAt = now
        row.leaseUntil = nil
        row.failures = 0
        row.reason = nil
        row.nextRequestAt = now
        return row
    }

    /// How long the requests the sender takes stay its own (``FeedStore/takeDueWebSubRequests(at:limit:hold:)``):
    /// more than a batch of POSTs takes, and short enough that the requests of a worker that died go out soon.
    static let requestHold = Duration.seconds(300)

    /// Sends the due requests, then waits for more (a ring, or a few seconds), until cancelled.
    public func run() async {
        let batch = 32
        while !Task.isCancelled {
            var full = false
            do {
                let due = try await store.takeDueWebSubRequests(at: clock.now(), limit: batch, hold: Self.requestHold)
                for row in due where !Task.isCancelled { await send(row) }
                full = due.count == batch
            } catch {
                logger.warning("websub: could not read the due requests", metadata: ["error": "\(error)"])
            }
            if full { continue }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await self.clock.sleep(until: self.clock.now().addingTimeInterval(5)) }
                group.addTask { await self.wakeup.wait() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Sends one request: the row is written first (its next request planned as if no verification came), then
    /// POSTed; a failure is recorded with its retry (``WebSubPolicy/retryDelay(failures:random:)``).
    func send(_ row: WebSubRecord) async {
        let now = clock.now()
        // A lease that ran out before its renewal was verified is no renewal any more but a failing request.
        let lapsed = row.state == .active && (row.leaseUntil ?? now) <= now
        let renewal = row.intent == .subscribe && row.state == .active && !lapsed
        let wait = policy.verificationWait.timeInterval
        var record = row
        record.nextRequestAt = now.addingTimeInterval(wait)
        if row.state == .failing || lapsed || (row.state == .requested && row.stateAt.addingTimeInterval(wait) <= now) {
            // A retry: the last request failed, or no verification came for it. Counted here (a failed POST of a
            // first request is counted when it fails), retried with backoff but never sooner than a verification
            // may take, and the feed shows as failing, polled at its own pace.
            if row.state != .failing { record.stateAt = now }
            record.state = .failing
            record.failures += 1
            if row.state != .failing { record.reason = "no verification came" }
            record.leaseUntil = nil
            let retry = policy.retryDelay(failures: record.failures, random: random())
            record.nextRequestAt = now.addingTimeInterval(max(wait, retry))
            if row.intent == .unsubscribe && record.failures >= Self.unsubscribeAttempts {
                // The hub's lease ends the subscription anyway.
                record.state = .ended
                record.nextRequestAt = nil
                try? await store.saveWebSub(record)
                return
            }
        } else if !renewal {
            // An active lease stays active while its renewal is under way; a failing request keeps its count.
            record.state = .requested
            record.stateAt = now
        }
        let request = policy.request(for: record.subscription, callbackBase: callbackBase)
        let failure: String
        do {
            try await store.saveWebSub(record)
            let response = try await fetcher.fetch(request.fetchRequest(userAgent: userAgent))
            if SubscriptionRequest.accepted(response) {
                if renewal { counts.withLock { $0.renewals += 1 } }
                logger.info(
                    "websub: request sent",
                    metadata: [
                        "mode": "\(request.mode.rawValue)", "hub": "\(row.hub)", "topic": "\(row.topic)",
                        "status": "\(response.status)",
                    ])
                return
            }
            failure = "the hub answered \(response.status)"
        } catch {
            failure = "\(error)"
        }
        await recordFailure(of: record, failure, at: now)
    }

    /// How many attempts an unsubscribe request gets before it is given up (the hub's lease ends it anyway).
    static let unsubscribeAttempts = 5

    /// Records a failed request, retried with backoff (a retry's failure was counted when it was sent).
    private func recordFailure(of record: WebSubRecord, _ failure: String, at now: Date) async {
        // The verification may have come meanwhile (a hub that verifies before answering, then fails the POST).
        guard var row = try? await store.webSub(token: record.token), row.state != .active || row.stateAt < now
        else { return }
        if row.state != .failing {
            row.stateAt = now
            row.failures += 1
        }
        row.state = .failing
        row.reason = failure
        row.leaseUntil = nil
        row.nextRequestAt = now.addingTimeInterval(policy.retryDelay(failures: row.failures, random: random()))
        if row.intent == .unsubscribe && row.failures >= Self.unsubscribeAttempts {
            row.state = .ended
            row.nextRequestAt = nil
        }
        do {
            try await store.saveWebSub(row)
        } catch {
            logger.warning("websub: could not record a failed request", metadata: ["error": "\(error)"])
        }
        logger.warning(
            "websub: request failed",
            metadata: [
                "hub": "\(row.hub)", "topic": "\(row.topic)", "error": "\(failure)", "failures": "\(row.failures)",
            ])
    }
}
