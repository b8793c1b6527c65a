import FeedModel
import FeedStorage
import FeedWebSub
import Foundation
import Logging

// The callback: a hub's verification GETs and content POSTs, under `websub.callback` plus a subscription's token.
extension WebSubSubscriber {
    /// Answers a hub's GET to the callback of `token` (W3C WebSub §5.3, §5.2): the challenge is echoed only for the
    /// mode feedd last asked for, of the topic it asked about, and the row is written before the answer goes (a
    /// hub that saw the challenge echoed must find the subscription stored). Anything else is 404.
    public func verify(token: String, query: String) async -> CallbackResponse {
        let (row, unavailable) = await lookUp(token)
        if unavailable { return Self.unavailable }
        guard let row else { return .notFound }
        let outcome = policy.verify(query: query, subscription: row.subscription, now: clock.now())
        guard let updated = outcome.subscription, updated != row.subscription else { return outcome.response }
        var record = row.with(updated)
        record.nextRequestAt = policy.nextRequest(for: updated, random: random())
        do {
            try await store.saveWebSub(record)
        } catch {
            logger.warning("websub: could not record a verification", metadata: ["error": "\(error)"])
            return Self.unavailable
        }
        logger.notice(
            "websub: hub answered",
            metadata: [
                "feed": "\(row.feedURL ?? "")", "hub": "\(row.hub)", "state": "\(record.state.rawValue)",
                "lease_until": "\(record.leaseUntil.map { "\($0)" } ?? "")",
            ])
        return outcome.response
    }

    /// Judges and stores a hub's POST to the callback of `token` (W3C WebSub §7, §8): only a body signed with the
    /// subscription's secret is parsed and stored, as a ``PushedDocument``; anything else stores nothing and is
    /// answered as ``WebSubPolicy/judge(body:signature:subscription:)`` says (2xx for a bad signature).
    public func receive(token: String, body: Data, signature: String?) async -> CallbackResponse {
        let (row, unavailable) = await lookUp(token)
        if unavailable { return Self.unavailable }
        let verdict = policy.judge(body: body, signature: signature, subscription: row?.subscription)
        guard let document = verdict.document, let row, let feedURL = row.feedURL else {
            switch verdict.rejection?.kind {
            case .missingSignature, .malformedSignature, .unknownSignatureMethod, .signatureMismatch:
                counts.withLock { $0.rejectedSignatures += 1 }
            default: break
            }
            logger.warning(
                "websub: push ignored",
                metadata: ["hub": "\(row?.hub ?? "")", "reason": "\(verdict.rejection.map { "\($0)" } ?? "no feed")"])
            return verdict.response
        }
        do {
            let feed = try parser.parse(document, url: feedURL)
            let summary = try await store.commitPushed(
                PushedDocument(feedURL: feedURL, receivedAt: clock.now(), feed: feed))
            counts.withLock { $0.pushesReceived += 1 }
            logger.notice(
                "websub: push stored",
                metadata: [
                    "feed": "\(feedURL)", "hub": "\(row.hub)", "new": "\(summary.newItems)",
                    "updated": "\(summary.updatedItems)", "bytes": "\(document.count)",
                ])
            if summary.newItems + summary.updatedItems > 0 { onStored() }
        } catch {
            logger.warning("websub: pushed document not stored", metadata: ["feed": "\(feedURL)", "error": "\(error)"])
        }
        return verdict.response
    }

    /// The row of `token` (nil for none), and whether the store failed to answer.
    private func lookUp(_ token: String) async -> (WebSubRecord?, unavailable: Bool) {
        do {
            return (try await store.webSub(token: token), false)
        } catch {
            logger.warning("websub: could not read a subscription", metadata: ["error": "\(error)"])
            return (nil, true)
        }
    }

    /// The answer when the store did not: the hub retries later (W3C WebSub §5.3, §7 ask for a 2xx to succeed).
    static let unavailable = CallbackResponse(status: 503)
}
