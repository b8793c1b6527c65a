import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The test hub's HTTP client: Foundation's URLSession, not feedd's fetcher, so that the subscriber under test
/// and the hub that checks it share no HTTP code.
enum HubHTTP {
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.timeoutIntervalForRequest = 10
        return URLSession(configuration: configuration)
    }()

    /// One request; nil when no response came.
    static func send(_ method: String, to url: String, headers: [(String, String)] = [], body: Data? = nil) async
        -> (status: Int, body: Data)?
    {
        guard let target = URL(string: url) else { return nil }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.addValue(value, forHTTPHeaderField: name) }
        guard let (data, response) = try? await session.data(for: request), let http = response as? HTTPURLResponse
        else { return nil }
        return (http.statusCode, data)
    }

    /// `base` with `fields` added to its query (after `&` when it has one), every byte but letters and digits
    /// percent-encoded.
    static func url(_ base: String, adding fields: [(String, String)]) -> String {
        func escape(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        }
        let query = fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        return base + (base.contains("?") ? "&" : "?") + query
    }
}
