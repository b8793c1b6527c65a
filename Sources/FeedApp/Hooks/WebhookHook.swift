import FeedCrypto
import FeedFetching
import FeedModel

/// Posts a batch to the `on_new_items_url` webhook through the fetcher's libcurl: the same JSON Lines a command
/// hook reads, `Content-Type: application/x-ndjson`, the item count in `X-Feedd-Items`, and, with a secret,
/// `X-Feedd-Signature: sha256=<hex HMAC-SHA256 of the body>` so the receiver can check the sender. Any 2xx
/// answer means the batch was taken.
struct WebhookHook: Sendable {
    let url: String
    let secret: String?
    let timeout: Duration
    let userAgent: String
    let fetcher: FeedFetcher

    /// Why a call failed, in a sentence.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The signature header's value for `body`.
    static func signature(of body: [UInt8], secret: String) -> String {
        "sha256=" + HMACSHA256.hex(for: body, key: Array(secret.utf8))
    }

    func deliver(_ batch: [UInt8], count: Int) async throws {
        var request = FetchRequest(url: url, userAgent: userAgent, timeout: timeout)
        request.postBody = batch
        request.headers = ["Content-Type": "application/x-ndjson", "X-Feedd-Items": String(count)]
        if let secret { request.headers["X-Feedd-Signature"] = Self.signature(of: batch, secret: secret) }
        let response = try await fetcher.fetch(request)
        guard (200..<300).contains(response.status) else {
            throw Failure(description: "the webhook answered HTTP \(response.status) (a 2xx means taken)")
        }
    }
}
