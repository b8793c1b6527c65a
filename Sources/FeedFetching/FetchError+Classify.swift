import Foundation

extension FetchError {
    /// The error a response amounts to, or nil for statuses below 400 (which are not failures: 304 is "not
    /// modified", 3xx without a followed Location is left to the caller).
    ///
    /// 410 is ``Kind/gone``; a 403 whose `cf-mitigated` header says `challenge` is ``Kind/botWall`` (Cloudflare
    /// marks the challenge pages it serves instead of the resource this way); every other status is
    /// ``Kind/httpStatus`` with its code. ``httpStatus`` holds the code in all three cases.
    public static func classify(_ response: FetchResponse) -> FetchError? {
        guard response.status >= 400 else { return nil }
        if response.status == 410 { return .gone(url: response.finalURL) }
        if response.status == 403, let mitigated = response.headers["cf-mitigated"],
            mitigated.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces).lowercased() == "challenge"
            })
        {
            return .botWall(url: response.finalURL)
        }
        return .httpStatus(response.status)
    }
}
