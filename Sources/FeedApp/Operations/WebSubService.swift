import FeedScheduling
import FeedStorage
import ServiceLifecycle

/// `feedd run` with WebSub: ends the subscriptions of feeds no longer configured, then sends the subscription
/// requests as they fall due, until a graceful shutdown. The callback's routes are the status server's.
struct WebSubService: Service {
    let subscriber: WebSubSubscriber
    let feeds: [FeedSubscription]

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await subscriber.keepOnly(feeds)
            await subscriber.run()
        }
    }
}
