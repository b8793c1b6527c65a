import FeedFetching
import FeedModel
import FeedParsing
import Foundation
import Logging

extension Application {
    /// `feedd discover URL`: the feed URLs a page offers. A feed's own URL gives itself; an HTML page gives the
    /// feeds its `<link rel="alternate">` elements name; anything else is an error naming the cause.
    public static func discover(url: String, userAgent: String = Configuration.defaultUserAgent, logger: Logger)
        async throws -> [String]
    {
        let fetcher = FeedFetcher(concurrency: 1, logger: logger)
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(FetchRequest(url: url, userAgent: userAgent))
        if let error = FetchError.classify(response) { throw FeedAppError.io("\(url): \(error)") }
        do {
            _ = try FeedParser().parse(response.body, url: response.finalURL, contentType: response.contentType)
            return [response.finalURL]
        } catch {
            guard error.isNotAFeed, !error.candidates.isEmpty else { throw FeedAppError.usage("\(url): \(error)") }
            return error.candidates
        }
    }
}
