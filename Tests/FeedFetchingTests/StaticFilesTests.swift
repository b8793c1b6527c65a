import FeedFetching
import FeedTesting
import Foundation
import Testing

@Suite("The static-files handler the end-to-end tests serve fixtures with")
struct StaticFilesTests {
    let handler = LoopbackServer.staticFiles(directory: fetchingFixtures)

    func get(_ path: String, _ headers: [String: String] = [:]) -> TestResponse {
        handler(TestRequest(method: "GET", path: path, headers: headers))
    }

    func header(_ response: TestResponse, _ name: String) -> String? {
        response.headers.first { $0.0.lowercased() == name }?.1
    }

    @Test("identity unless the client accepts gzip; each variant has its own strong ETag")
    func variants() throws {
        let plain = try Data(contentsOf: fetchingFixtures.appendingPathComponent("feed.rss"))
        let zipped = try Data(contentsOf: fetchingFixtures.appendingPathComponent("feed.rss.gz"))

        let identity = get("/feed.rss")
        let gzip = get("/feed.rss?page=1", ["accept-encoding": "deflate, gzip"])

        #expect(identity.status == 200)
        #expect(identity.body == plain)
        #expect(header(identity, "content-encoding") == nil)
        #expect(header(identity, "content-type") == "application/rss+xml")
        #expect(gzip.body == zipped)
        #expect(header(gzip, "content-encoding") == "gzip")
        #expect(header(identity, "etag") != header(gzip, "etag"))
        #expect(header(identity, "etag")?.hasPrefix("\"") == true)
    }

    @Test(
        "unknown paths and attempts to leave the directory are 404",
        arguments: ["/nope.xml", "/../Fixtures/fetching/feed.rss", "feed.rss"])
    func notFound(path: String) {
        #expect(get(path).status == 404)
    }

    @Test("If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3)")
    func precedence() throws {
        let first = get("/feed.rss")
        let etag = try #require(header(first, "etag"))
        let lastModified = try #require(header(first, "last-modified"))

        #expect(get("/feed.rss", ["if-none-match": etag]).status == 304)
        #expect(get("/feed.rss", ["if-none-match": "\"other\", \(etag)"]).status == 304)
        #expect(get("/feed.rss", ["if-modified-since": lastModified]).status == 304)
        #expect(get("/feed.rss", ["if-none-match": "\"other\"", "if-modified-since": lastModified]).status == 200)
        #expect(get("/feed.rss", ["if-modified-since": "Thu, 01 Jan 1970 00:00:00 GMT"]).status == 200)
    }
}
