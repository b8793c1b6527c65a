import Foundation

/// What becomes of a content distribution request (W3C WebSub §7, §8).
public struct PushVerdict: Sendable, Hashable {
    /// The body to store, when the push is authentic; nil when it is ignored.
    public var document: Data?
    /// Why it is ignored, for the log and the metrics.
    public var rejection: WebSubError?
    /// What to answer the hub.
    public var response: CallbackResponse

    /// A verdict from its parts.
    public init(document: Data?, rejection: WebSubError?, response: CallbackResponse) {
        self.document = document
        self.rejection = rejection
        self.response = response
    }
}

extension WebSubPolicy {
    /// The size check before a push's body is read: a declared `Content-Length` over ``maxBodyBytes`` is answered
    /// 413 at once, as a fetched body over the cap fails before it is read.
    public func acceptsLength(_ contentLength: Int?) -> Bool {
        (contentLength ?? 0) <= maxBodyBytes
    }

    /// Judges a POST to the callback of `subscription` (nil when its token names none).
    ///
    /// Only a body carrying a valid `X-Hub-Signature` under the subscription's secret is kept. Anything else is
    /// ignored but still answered 202, as W3C WebSub §8 asks, so that a sender without the secret learns nothing
    /// about it. A token naming no subscription, or one feedd is ending, is answered 410 Gone, which §7 lets a hub
    /// take as the end of the subscription. A body over ``maxBodyBytes`` is answered 413.
    public func judge(body: Data, signature: String?, subscription: Subscription?) -> PushVerdict {
        guard let subscription, subscription.intent == .subscribe else {
            return PushVerdict(
                document: nil, rejection: WebSubError(.noSubscription),
                response: CallbackResponse(status: 410))
        }
        guard body.count <= maxBodyBytes else {
            return PushVerdict(
                document: nil, rejection: WebSubError(.tooLarge, String(maxBodyBytes)),
                response: CallbackResponse(status: 413))
        }
        do {
            try HubSignature.verify(header: signature, body: body, secret: subscription.credentials.secretBytes)
            return PushVerdict(document: body, rejection: nil, response: CallbackResponse(status: 202))
        } catch {
            return PushVerdict(document: nil, rejection: error, response: CallbackResponse(status: 202))
        }
    }
}
