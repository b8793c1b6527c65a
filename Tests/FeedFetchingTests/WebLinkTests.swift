import FeedFetching
import FeedTesting
import Foundation
import Testing

/// RFC 8288 `Link` headers: the parser alone, then the fetcher's response carrying several header lines.
@Suite struct WebLinkTests {
    @Test(
        "field values and the links read from them",
        arguments: [
            ("<https://hub.example/>; rel=\"hub\"", [WebLink(target: "https://hub.example/", relations: ["hub"])]),
            ("<https://hub.example/>;rel=hub", [WebLink(target: "https://hub.example/", relations: ["hub"])]),
            (
                "<https://hub.example/>; rel=hub, <https://feed.example/feed>; rel=self",
                [
                    WebLink(target: "https://hub.example/", relations: ["hub"]),
                    WebLink(target: "https://feed.example/feed", relations: ["self"]),
                ]
            ),
            // Several relation types in one rel; the first rel wins (RFC 8288 §3.3); other parameters kept.
            (
                "</feed>; rel=\"self alternate\"; rel=hub; type=\"application/atom+xml\"; title=\"a; b, c\"",
                [
                    WebLink(
                        target: "/feed", relations: ["self", "alternate"],
                        parameters: ["type": "application/atom+xml", "title": "a; b, c"])
                ]
            ),
            // Case of parameter names and relation types as written; commas and semicolons inside the target.
            (
                "<https://x.example/a,b;c>; REL=Hub ; Anchor=\"#x\"",
                [WebLink(target: "https://x.example/a,b;c", relations: ["Hub"], parameters: ["anchor": "#x"])]
            ),
            // A backslash escape inside a quoted string; a parameter without a value.
            (
                "<u>; title=\"say \\\"hi\\\"\"; crossorigin; rel=next",
                [WebLink(target: "u", relations: ["next"], parameters: ["title": "say \"hi\"", "crossorigin": ""])]
            ),
            // Malformed members are skipped, the well-formed ones around them kept.
            (
                "garbage, <a>; rel=hub junk, \"<b>\"; rel=hub, <c>; rel=hub, <unclosed; rel=hub",
                [WebLink(target: "c", relations: ["hub"])]
            ),
            ("", []),
            (" , ,", []),
            ("<a>", [WebLink(target: "a")]),
        ])
    func parses(value: String, links: [WebLink]) {
        #expect(WebLink.parse(value) == links)
    }

    @Test("relation types compare without regard to case")
    func relationCase() {
        let link = WebLink(target: "a", relations: ["Self", "HUB"])
        #expect(link.hasRelation("hub"))
        #expect(link.hasRelation("self"))
        #expect(!link.hasRelation("alternate"))
    }

    @Test("every Link header line of a response reaches FetchResponse.links, in order")
    func severalHeaderLines() async throws {
        let server = try LoopbackServer(
            handler: routes([
                "/feed": TestResponse(
                    status: 200,
                    headers: [
                        ("Link", "<https://hub-one.example/>; rel=\"hub\", <https://hub-two.example/>; rel=hub"),
                        ("Content-Type", "application/atom+xml"),
                        ("link", "</feed>; rel=\"self\""),
                    ], body: Data("<feed/>".utf8))
            ]))
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1)
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(testRequest(server.url("/feed")))
        #expect(
            response.links == [
                WebLink(target: "https://hub-one.example/", relations: ["hub"]),
                WebLink(target: "https://hub-two.example/", relations: ["hub"]),
                WebLink(target: "/feed", relations: ["self"]),
            ])
    }
}
