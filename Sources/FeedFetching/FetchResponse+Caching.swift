import FeedModel
import Foundation

extension FetchResponse {
    /// When the server asks to be asked again, from `Retry-After` (RFC 9110 §10.2.3): delta-seconds are counted
    /// from ``receivedAt``, an HTTP-date is taken as is. Nil when absent or unreadable. Servers send it with 429
    /// (RFC 6585 §4), 503 and 3xx; the caller decides what it applies to and how far it may defer.
    public var retryAfter: Date? {
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        if value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) {
            // An absurdly long number is still "a long time": saturate rather than fail.
            let seconds = Int(value) ?? Int.max
            return receivedAt.addingTimeInterval(TimeInterval(min(seconds, 100 * 365 * 86_400)))
        }
        return HTTPDate.parse(value)
    }

    /// The `max-age` directive of `Cache-Control` (RFC 9111 §5.2.2.1): how long this response stays fresh.
    /// Nil when absent or malformed.
    public var cacheMaxAge: Duration? {
        guard let value = headers["cache-control"] else { return nil }
        for directive in value.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "max-age" else {
                continue
            }
            // The argument may be quoted (RFC 9111 §5.2: senders should not, recipients should accept it).
            let argument = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\""))
            guard let seconds = Int(argument), seconds >= 0 else { return nil }
            return .seconds(seconds)
        }
        return nil
    }

    /// The `Expires` header as a date (RFC 9111 §5.3). Nil when absent or not a valid HTTP-date (such as
    /// "0", which means "already expired").
    public var expires: Date? { headers["expires"].flatMap(HTTPDate.parse) }

    /// Where the leading run of permanent redirects (301/308) points: the URL a subscription may move to once
    /// the server has said so consistently. Nil without redirects or when the first hop is temporary
    /// (302/303/307), whose target must not replace the stored URL (RFC 9110 §15.4.3, §15.4.4, §15.4.8).
    public var permanentRedirectTarget: String? {
        let permanent = redirects.prefix(while: \.isPermanent)
        return permanent.last?.location
    }
}
