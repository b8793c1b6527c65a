internal import CCurl
import FeedModel
import Foundation

extension Transfer {
    /// What the finished transfer amounts to: a response for any completed HTTP exchange, else the failure.
    func outcome(_ code: CURLcode) -> Result<FetchResponse, FetchError> {
        guard code == CURLE_OK else { return .failure(error(for: code)) }
        let receivedAt = Date()
        let response = FetchResponse(
            status: infoLong(CURLINFO_RESPONSE_CODE),
            finalURL: infoString(CURLINFO_EFFECTIVE_URL) ?? request.url,
            headers: headers,
            body: body,
            validators: HTTPValidators(etag: headers["etag"], lastModified: headers["last-modified"]),
            redirectCount: infoLong(CURLINFO_REDIRECT_COUNT),
            downloadedBytes: Int(infoOffset(CURLINFO_SIZE_DOWNLOAD_T)),
            timings: FetchTimings(
                total: .microseconds(infoOffset(CURLINFO_TOTAL_TIME_T)),
                connect: .microseconds(infoOffset(CURLINFO_CONNECT_TIME_T)),
                firstByte: .microseconds(infoOffset(CURLINFO_STARTTRANSFER_TIME_T))),
            redirects: redirects, receivedAt: receivedAt)
        return .success(response)
    }

    /// Maps a libcurl result code (libcurl-errors(3)) onto the error kinds the scheduler distinguishes.
    private func error(for code: CURLcode) -> FetchError {
        let url = request.url
        let host = URL(string: url)?.host ?? url
        let detail = detailMessage(code)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns(host: host)
        case CURLE_COULDNT_CONNECT:
            return .connect(host: host, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(url: url, detail: detail)
        case CURLE_WRITE_ERROR where exceededBodyLimit, CURLE_FILESIZE_EXCEEDED:
            return .tooLarge(url: url, limit: request.maxBodyBytes)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects(url: url, limit: request.maxRedirects)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .forbiddenScheme(url: url, detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CLIENTCERT, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED:
            return .tls(host: host, detail: detail)
        default:
            return .other(url: url, detail: detail)
        }
    }

    /// libcurl's specific message from the error buffer, falling back to the generic text of the code.
    private func detailMessage(_ code: CURLcode) -> String {
        let specific = errorBufferText
        return specific.isEmpty ? String(cString: curl_easy_strerror(code)) : specific
    }

    private func infoLong(_ info: CURLINFO) -> Int {
        var value = 0
        _ = CCurl_easy_getinfo_long(easy, info, &value)
        return value
    }

    private func infoOffset(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = CCurl_easy_getinfo_off_t(easy, info, &value)
        return Int64(value)
    }

    private func infoString(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard CCurl_easy_getinfo_string(easy, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }
}
