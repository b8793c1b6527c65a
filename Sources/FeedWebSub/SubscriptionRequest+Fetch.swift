import FeedFetching

extension SubscriptionRequest {
    /// The POST of this form to the hub through the fetcher: the fetcher's limits and User-Agent, 307 and 308
    /// followed (W3C WebSub §5.1 names no redirect rule; those two keep the method and body, RFC 9110 §15.4).
    public func fetchRequest(userAgent: String, timeout: Duration = .seconds(60), maxBodyBytes: Int = 1 << 20)
        -> FetchRequest
    {
        var request = FetchRequest(url: hub, userAgent: userAgent, timeout: timeout, maxBodyBytes: maxBodyBytes)
        request.postBody = body
        request.headers = ["Content-Type": Self.contentType]
        request.followsMethodPreservingRedirects = true
        return request
    }

    /// True when the hub took the request (W3C WebSub §5.1.2: 202 Accepted, the verification to follow). Other
    /// 2xx are taken too: hubs of the PubSubHubbub 0.4 era answer 204 after verifying at once.
    public static func accepted(_ response: FetchResponse) -> Bool { (200..<300).contains(response.status) }
}
