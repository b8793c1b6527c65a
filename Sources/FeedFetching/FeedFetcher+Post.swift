import Foundation

extension FeedFetcher {
    /// A POST that follows 307 and 308 (``FetchRequest/followsMethodPreservingRedirects``): libcurl follows a
    /// POST's redirects of every kind, turning 301, 302 and 303 into GETs, so the hops are taken here, each one
    /// a POST of the same body through the same engine, checked as libcurl checks a GET's (http or https, at
    /// most `maxRedirects`), all within the request's one `timeout`. The time counted is each hop's transfer time
    /// as libcurl measured it: as for a single request, time queued for a free slot does not count.
    func postFollowingRedirects(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        var hop = request
        var redirects: [FetchRedirect] = []
        while true {
            var response = try await transfer(hop)
            guard response.status == 307 || response.status == 308, let location = response.headers["location"]
            else {
                response.redirects = redirects + response.redirects
                response.redirectCount = redirects.count
                return response
            }
            guard let target = URL(string: location, relativeTo: URL(string: hop.url))?.absoluteURL,
                let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https"
            else {
                throw FetchError.forbiddenScheme(url: request.url, detail: "a redirect to \(location)")
            }
            guard redirects.count < request.maxRedirects else {
                throw FetchError.tooManyRedirects(url: request.url, limit: request.maxRedirects)
            }
            let remaining = hop.timeout - response.timings.total
            guard remaining > .zero else {
                throw FetchError.timeout(url: request.url, detail: "the redirects took the whole time limit")
            }
            redirects.append(FetchRedirect(status: response.status, url: hop.url, location: target.absoluteString))
            hop.url = target.absoluteString
            hop.timeout = remaining
        }
    }
}
