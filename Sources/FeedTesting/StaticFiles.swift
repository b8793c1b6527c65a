import FeedCrypto
import FeedModel
import Foundation

extension LoopbackServer {
    /// A handler serving files under `directory` by path: strong ETag (hash of the bytes) and Last-Modified,
    /// 304 on a matching If-None-Match or If-Modified-Since, `Content-Encoding: gzip` of a `NAME.gz` twin when the
    /// client accepts gzip and the twin exists, 404 otherwise.
    public static func staticFiles(directory: URL) -> @Sendable (TestRequest) -> TestResponse {
        let root = directory.standardizedFileURL
        return { request in
            let path = String(request.path.split(separator: "?", maxSplits: 1).first ?? "")
            // Refuse anything that could climb out of the served directory.
            guard path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                return TestResponse(status: 404)
            }
            let file = root.appendingPathComponent(String(path.dropFirst()))
            guard let plain = try? Data(contentsOf: file) else { return TestResponse(status: 404) }
            var body = plain
            var headers: [(String, String)] = [("Content-Type", contentType(of: file.pathExtension))]
            let acceptsGzip = request.headers["accept-encoding"]?.lowercased().contains("gzip") ?? false
            if acceptsGzip, let zipped = try? Data(contentsOf: file.appendingPathExtension("gz")) {
                body = zipped
                headers.append(("Content-Encoding", "gzip"))
            }
            // The encoding is part of the representation, so caches must key on it (RFC 9110 §12.5.5).
            headers.append(("Vary", "Accept-Encoding"))
            // A strong validator is the hash of the exact bytes sent: gzip and identity differ (RFC 9110 §8.8.3).
            let etag = "\"" + String(SHA256.hex(body).prefix(32)) + "\""
            headers.append(("ETag", etag))
            let modified = modificationDate(of: file)
            if let modified { headers.append(("Last-Modified", httpDate(modified))) }

            if let ifNoneMatch = request.headers["if-none-match"] {
                // RFC 9110 §13.1.2: "*" or any listed tag matches; when present, If-Modified-Since is ignored.
                let tags = ifNoneMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if tags.contains("*") || tags.contains(etag) || tags.contains("W/" + etag) {
                    return TestResponse(status: 304, headers: headers)
                }
            } else if let since = request.headers["if-modified-since"].flatMap(HTTPDate.parse), let modified,
                modified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
            {
                // RFC 9110 §13.1.3: not modified when the file is no newer than the date, at one-second precision.
                return TestResponse(status: 304, headers: headers)
            }
            return TestResponse(status: 200, headers: headers, body: request.method == "HEAD" ? Data() : body)
        }
    }

    private static func contentType(of pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "rss": "application/rss+xml"
        case "atom": "application/atom+xml"
        case "rdf": "application/rdf+xml"
        case "xml": "application/xml"
        case "json": "application/feed+json"
        case "html": "text/html; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    private static func modificationDate(of file: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
    }

    /// IMF-fixdate, the preferred HTTP date format (RFC 9110 §5.6.7).
    private static func httpFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }

    private static func httpDate(_ date: Date) -> String { httpFormatter().string(from: date) }
}
