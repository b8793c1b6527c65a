import Foundation
import Yams

extension ConfigReader {
    /// `websub: {callback: URL}`: the public http(s) URL hubs reach `feedd run --listen` at. Each subscription's
    /// callback is this URL plus a token, so it must have no query or fragment to append to.
    func webSub(_ node: Node) throws(FeedAppError) -> String {
        let mapping = try mapping(node, at: "websub")
        try allowOnly(["callback"], in: mapping, at: "websub")
        guard let value = mapping.value("callback") else { throw fail("websub", node, "callback is missing") }
        let callback = try url(value, at: "websub.callback")
        guard let components = URLComponents(string: callback), components.query == nil, components.fragment == nil
        else { throw fail("websub.callback", value, "'\(callback)' must have no query or fragment") }
        return callback
    }
}
