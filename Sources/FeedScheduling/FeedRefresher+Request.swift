import FeedFetching
import FeedStorage

extension FeedRefresher.Settings {
    /// The request one poll of `feed` sends: its stored validators, the shared limits, and the feed's own user
    /// agent, headers, TLS escape hatch and proxy where it sets them (else the configured defaults).
    func request(for feed: FeedRecord) -> FetchRequest {
        let own = subscriptions[feed.url]
        return FetchRequest(
            url: feed.url, validators: feed.validators, userAgent: own?.userAgent ?? userAgent,
            headers: own?.headers ?? [:], timeout: timeout, maxBodyBytes: maxBodyBytes,
            insecure: own?.insecure ?? false, proxy: own?.proxy ?? proxy)
    }
}
