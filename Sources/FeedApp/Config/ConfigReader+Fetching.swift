import FeedModel
import FeedStorage
import Foundation
import Yams

/// The request options of the configuration: `proxy` and `min_host_gap` under `defaults`, and each feed's
/// `user_agent`, `headers`, `insecure` and `proxy`.
extension ConfigReader {
    /// The keys these options add to `defaults` and to a feed.
    static let fetchDefaultsKeys: Set<String> = ["proxy", "min_host_gap"]
    static let fetchFeedKeys: Set<String> = ["user_agent", "headers", "insecure", "proxy"]

    func fetchDefaults(_ map: Node.Mapping, into defaults: inout Configuration.Defaults) throws(FeedAppError) {
        if let value = map.value("proxy") { defaults.proxy = try proxy(value, at: "defaults.proxy") }
        if let value = map.value("min_host_gap") {
            // "0" turns the gap off; a bare number is otherwise refused like every duration (30 what?).
            let text = try string(value, at: "defaults.min_host_gap")
            defaults.minHostGap = text == "0" ? .zero : try duration(value, at: "defaults.min_host_gap")
        }
    }

    func fetchOptions(_ map: Node.Mapping, into feed: inout FeedSubscription, at: String) throws(FeedAppError) {
        if let value = map.value("user_agent") { feed.userAgent = try string(value, at: at + ".user_agent") }
        if let value = map.value("headers") { feed.headers = try headers(value, at: at + ".headers") }
        if let value = map.value("insecure") { feed.insecure = try bool(value, at: at + ".insecure") }
        if let value = map.value("proxy") { feed.proxy = try proxy(value, at: at + ".proxy") }
    }

    /// `none` (a direct connection, whatever the environment says) or a proxy URL whose scheme libcurl speaks.
    func proxy(_ node: Node, at: String) throws(FeedAppError) -> String {
        let text = try string(node, at: at).trimmingWhitespace()
        if text.lowercased() == "none" { return "" }
        let schemes: Set<String> = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"]
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            schemes.contains(scheme), let host = components.host, !host.isEmpty
        else {
            throw fail(at, node, "'\(text)' is not a proxy URL (write e.g. http://proxy.example:3128, or none)")
        }
        return text
    }

    /// `true`/`false` (YAML 1.2 core schema), also `yes`/`no` as YAML 1.1 files write them.
    func bool(_ node: Node, at: String) throws(FeedAppError) -> Bool {
        switch try string(node, at: at).lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        case let other: throw fail(at, node, "'\(other)' is not true or false")
        }
    }

    /// A mapping of header names to values. Names must be RFC 9110 §5.6.2 tokens and values must not hold line
    /// breaks: either would let a config value smuggle extra header lines into the request.
    func headers(_ node: Node, at: String) throws(FeedAppError) -> [String: String] {
        let map = try mapping(node, at: at)
        let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~0123456789")
            .union(CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        var headers: [String: String] = [:]
        for (key, value) in map {
            let name = try string(key, at: at)
            guard name.unicodeScalars.allSatisfy(token.contains) else {
                throw fail(at, key, "'\(name)' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)")
            }
            let text = try string(value, at: "\(at).\(name)")
            guard !text.contains(where: \.isNewline) else {
                throw fail("\(at).\(name)", value, "a header value cannot contain a line break")
            }
            headers[name] = text
        }
        return headers
    }
}
