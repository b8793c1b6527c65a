import FeedCrypto
import FeedFetching
import FeedParsing
import FeedTesting
import FeedWebSub
import Foundation
import Testing

/// The subscriber's pieces against FeedTesting's WebSub hub, over loopback HTTP: discovery, the subscription
/// form through the fetcher, the hub's verification answered by the callback's decisions, signed pushes, denial,
/// leases by a manual clock.
@Suite struct WebSubHubTests {
    let clock = ManualClock()
    let hub: WebSubHub
    let receiver: CallbackReceiver
    let fetcher = FeedFetcher(concurrency: 2)
    let policy = WebSubPolicy()

    init() throws {
        hub = try WebSubHub(clock: clock, maximumLease: 3_600)
        receiver = try CallbackReceiver(clock: clock)
    }

    /// Sends `subscription`'s request to `hubURL` (its own hub when nil) and waits until the hub has verified it.
    @discardableResult
    func send(_ subscription: Subscription, to hubURL: String? = nil) async throws -> FetchResponse {
        let before = hub.verifications.count
        var request = policy.request(for: subscription, callbackBase: receiver.base)
        if let hubURL { request.hub = hubURL }
        let response = try await fetcher.fetch(request.fetchRequest(userAgent: "feedd-tests/1.0", timeout: .seconds(5)))
        #expect(SubscriptionRequest.accepted(response))
        try await waitUntil("the hub's verification") { hub.verifications.count > before }
        return response
    }

    func entry(_ number: Int) -> HubFeed.Entry {
        HubFeed.Entry(
            id: "https://blog.example/\(number)", title: "Entry \(number)",
            updated: Date(timeIntervalSince1970: 1_767_225_600 + Double(number)))
    }

    func active(_ topic: String) async throws -> Subscription {
        let subscription = receiver.add(hub: hub.url, topic: topic)
        try await send(subscription)
        try #require(receiver.subscription(subscription.credentials.token)?.isActive(at: clock.now()) == true)
        return subscription
    }

    @Test("discovered from Link headers, subscribed, verified, then a fat ping and a diff arrive signed")
    func subscribeAndPush() async throws {
        defer { fetcher.shutdown() }
        let feedServer = try LoopbackServer { [hub] request in
            let topic = "http://127.0.0.1:\(request.headers["host"]!.split(separator: ":").last!)/feed"
            return TestResponse(
                headers: [("Link", "<\(hub.url)>; rel=\"hub\", </feed>; rel=\"self\"")],
                body: HubFeed(topic: topic).document(hub: hub.url))
        }
        defer { feedServer.stop() }
        let fetched = try await fetcher.fetch(FetchRequest(url: feedServer.url("/feed"), userAgent: "feedd-tests/1.0"))
        let parsed = try FeedParser().parse(fetched.body, url: fetched.finalURL)
        let discovery = try #require(
            HubDiscovery.discover(
                feedURL: feedServer.url("/feed"), responseURL: fetched.finalURL, linkHeaders: fetched.links,
                documentLinks: parsed.links))
        #expect(discovery == HubDiscovery(hubs: [hub.url], topic: feedServer.url("/feed"), source: .linkHeaders))

        let subscription = receiver.add(hub: discovery.hubs[0], topic: discovery.topic)
        try await send(subscription)
        let form = try #require(hub.requests.first)
        #expect(form.headers["user-agent"] == "feedd-tests/1.0")
        #expect(form.headers["content-type"] == "application/x-www-form-urlencoded")
        let verification = try #require(hub.verifications.first)
        #expect(verification.confirmed && verification.mode == .subscribe && verification.leaseSeconds == 3_600)
        let held = try #require(receiver.subscription(subscription.credentials.token))
        #expect(held.state == .active(until: clock.now().addingTimeInterval(3_600), verifiedAt: clock.now()))
        #expect(hub.subscriptions(topic: discovery.topic).map(\.secret) == [subscription.credentials.secret])

        var feed = HubFeed(topic: discovery.topic, entries: [entry(1), entry(2)])
        let fat = await hub.publish(feed, payload: .fat, signing: .hmac(.sha1))
        #expect(fat.map(\.status) == [202])
        feed.entries.append(entry(3))
        let diff = await hub.publish(feed, payload: .diff, signing: .hmac(.sha512))
        #expect(diff.map(\.status) == [202])
        let documents = try receiver.documents.map { try FeedParser().parse($0) }
        #expect(documents.map { $0.items.map(\.id) } == [[entry(1).id, entry(2).id], [entry(3).id]])
        #expect(receiver.rejections.isEmpty)
    }

    @Test("unsigned and forged pushes are answered 202 and store nothing", arguments: HMACAlgorithm.allCases)
    func forgedPushes(algorithm: HMACAlgorithm) async throws {
        defer { fetcher.shutdown() }
        let topic = "https://blog.example/feed"
        _ = try await active(topic)
        let feed = HubFeed(topic: topic, entries: [entry(1)])
        let unsigned = await hub.publish(feed, signing: .unsigned)
        let forged = await hub.publish(feed, signing: .forged(algorithm))
        #expect(unsigned.map(\.status) == [202])
        #expect(forged.map(\.status) == [202])
        #expect(receiver.documents.isEmpty)
        #expect(receiver.rejections.map(\.kind) == [.missingSignature, .signatureMismatch])
        let signed = await hub.publish(feed, signing: .hmac(algorithm))
        #expect(signed.map(\.status) == [202])
        #expect(receiver.documents.count == 1)
    }

    @Test("a hub that moved: the form follows its 307 and the subscription is verified")
    func movedHub() async throws {
        defer { fetcher.shutdown() }
        let subscription = receiver.add(hub: hub.movedURL, topic: "https://blog.example/feed")
        let response = try await send(subscription, to: hub.movedURL)
        #expect(response.redirects.map(\.status) == [307])
        #expect(hub.requests.map(\.path) == ["/moved", "/hub"])
        #expect(hub.requests.allSatisfy { $0.method == "POST" && !$0.body.isEmpty })
        #expect(hub.verifications.map(\.confirmed) == [true])
    }

    @Test("an unsubscribe feedd did not ask for is refused; the one it asks for ends the subscription")
    func unsubscribe() async throws {
        defer { fetcher.shutdown() }
        let topic = "https://blog.example/feed"
        var subscription = try await active(topic)
        // Someone who learnt the callback URL asks the hub to unsubscribe it.
        var forged = policy.request(for: subscription, callbackBase: receiver.base)
        forged.mode = .unsubscribe
        _ = try await fetcher.fetch(forged.fetchRequest(userAgent: "someone-else"))
        try await waitUntil("the forged unsubscribe's verification") { hub.verifications.count == 2 }
        #expect(hub.verifications.last?.status == 404)
        #expect(hub.verifications.last?.confirmed == false)
        #expect(hub.subscriptions(topic: topic).count == 1)

        subscription.intent = .unsubscribe
        subscription.state = .requested(at: clock.now())
        receiver.update(subscription)
        try await send(subscription)
        #expect(hub.verifications.last?.confirmed == true)
        #expect(hub.subscriptions(topic: topic).isEmpty)
        #expect(receiver.subscription(subscription.credentials.token)?.state == .ended(at: clock.now()))
        #expect(await hub.publish(HubFeed(topic: topic, entries: [entry(1)])).isEmpty)
    }

    @Test("a denial reaches the subscription, and a later request for the topic is denied too")
    func denial() async throws {
        defer { fetcher.shutdown() }
        let topic = "https://blog.example/feed"
        let subscription = try await active(topic)
        await hub.deny(topic: topic, reason: "not on this hub")
        let token = subscription.credentials.token
        #expect(receiver.subscription(token)?.state == .denied(reason: "not on this hub", at: clock.now()))
        #expect(policy.pushState(of: receiver.subscription(token)!, now: clock.now()) == .denied)
        #expect(hub.subscriptions(topic: topic).isEmpty)

        let again = receiver.add(hub: hub.url, topic: topic)
        try await send(again)
        #expect(hub.verifications.last?.mode == .denied)
        #expect(
            receiver.subscription(again.credentials.token)?.state == .denied(reason: "not on this hub", at: clock.now())
        )
    }

    @Test("renewed before the lease ends (manual clock), and a lease not renewed lapses at the hub and here")
    func leases() async throws {
        defer { fetcher.shutdown() }
        let topic = "https://blog.example/feed"
        let subscription = try await active(topic)
        let token = subscription.credentials.token
        let firstEnd = try #require(hub.subscriptions(topic: topic).first?.expires)
        let renewal = try #require(policy.nextRequest(for: receiver.subscription(token)!, random: 0.5))
        #expect(renewal < firstEnd)
        #expect(firstEnd.timeIntervalSince(renewal) == 450, "a tenth of the hour, and half of that again")

        clock.advance(by: renewal.timeIntervalSince(clock.now()))
        #expect(hub.subscriptions(topic: topic).count == 1, "still active when the renewal goes")
        try await send(receiver.subscription(token)!)
        let renewedEnd = try #require(hub.subscriptions(topic: topic).first?.expires)
        #expect(renewedEnd == renewal.addingTimeInterval(3_600))
        #expect(policy.pushState(of: receiver.subscription(token)!, now: clock.now()) == .active(until: renewedEnd))

        clock.advance(by: renewedEnd.timeIntervalSince(clock.now()))
        #expect(hub.subscriptions(topic: topic).isEmpty)
        #expect(await hub.publish(HubFeed(topic: topic, entries: [entry(1)])).isEmpty)
        #expect(policy.pushState(of: receiver.subscription(token)!, now: clock.now()) == .failing)
    }

    @Test("a hub that takes the request and never verifies: pending, then failing and retried; nothing is pushed")
    func silentHub() async throws {
        defer { fetcher.shutdown() }
        let silent = try WebSubHub(clock: clock, verifies: false)
        defer { silent.stop() }
        let subscription = receiver.add(hub: silent.url, topic: "https://blog.example/feed")
        let request = policy.request(for: subscription, callbackBase: receiver.base)
        let response = try await fetcher.fetch(request.fetchRequest(userAgent: "feedd-tests/1.0"))
        #expect(response.status == 202)
        #expect(silent.requests.map(\.path) == ["/hub"])
        #expect(silent.verifications.isEmpty && silent.verificationsInFlight == 0, "no verification was started")
        let held = try #require(receiver.subscription(subscription.credentials.token))
        #expect(policy.pushState(of: held, now: clock.now()) == .pending)
        #expect(policy.nextRequest(for: held, random: 0) == clock.now().addingTimeInterval(3_600))
        clock.advance(by: 3_600)
        #expect(policy.pushState(of: held, now: clock.now()) == .failing)
        #expect(await silent.publish(HubFeed(topic: subscription.topic, entries: [entry(1)])).isEmpty)
    }
}
