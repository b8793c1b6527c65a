import FeedScheduling
import FeedWebSub
import FlyingFox
import Foundation

// The WebSub callback under `websub.callback`'s path: a token per subscription, GET for the hubs' verifications,
// POST for their content.
extension StatusServer {
    /// Adds the callback's routes to `server`.
    static func appendWebSubRoutes(_ subscriber: WebSubSubscriber, to server: HTTPServer) async {
        let prefix = subscriber.callbackPath
        let pattern = (prefix.hasSuffix("/") ? prefix : prefix + "/") + "*"
        await server.appendRoute(HTTPRoute("GET \(pattern)")) { request in
            guard let token = SubscriptionCredentials.token(inPath: request.path, prefix: prefix) else {
                return HTTPResponse(statusCode: .notFound)
            }
            return response(await subscriber.verify(token: token, query: request.target.query()))
        }
        await server.appendRoute(HTTPRoute("POST \(pattern)")) { request in
            guard let token = SubscriptionCredentials.token(inPath: request.path, prefix: prefix) else {
                return HTTPResponse(statusCode: .notFound)
            }
            // The fetcher's body cap: a declared length over it is refused before reading, and a body sent without
            // one is read only up to it.
            let limit = subscriber.maxBodyBytes
            let declared = request.headers[.contentLength].flatMap { Int($0) }
            guard (declared ?? 0) <= limit else { return HTTPResponse(statusCode: .payloadTooLarge) }
            var body = Data()
            do {
                for try await chunk in request.bodySequence {
                    body.append(chunk)
                    if body.count > limit { return HTTPResponse(statusCode: .payloadTooLarge) }
                }
            } catch {
                return HTTPResponse(statusCode: .badRequest)
            }
            let signature = request.headers[HTTPHeader("X-Hub-Signature")]
            return response(await subscriber.receive(token: token, body: body, signature: signature))
        }
    }

    private static func response(_ answer: CallbackResponse) -> HTTPResponse {
        HTTPResponse(
            statusCode: HTTPStatusCode(answer.status, phrase: ""),
            headers: [.contentType: "text/plain; charset=utf-8"], body: Data(answer.body.utf8))
    }
}
