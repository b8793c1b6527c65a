import FeedFetching
import FeedStorage

extension FeedRefresher.Settings {
    /// The request one poll of `feed` sends: its stored validators, the shared limits, and the feed's own user
    /// agent, headers, TLS escape hatch and proxy where it sets them (else the configured defaults).
    ///
    /// The options are found by the feed's URL or any of its aliases: after three permanent redirects the record
    /// carries the new URL while the configuration still names the old one, and the feed keeps its headers.
    func request(for feed: FeedRecord) -> FetchRequest {
        let own = ([feed.url] + feed.aliases).lazy.compactMap { subscriptions[$0] }.first
        return FetchRequest(
            url: feed.url, validators: feed.validators, userAgent: own?.userAgent ?? userAgent,
            headers: own?.headers ?? [:], timeout: timeout, maxBodyBytes: maxBodyBytes,
            insecure: own?.insecure ?? false, proxy: own?.proxy ?? proxy)
    }
}
