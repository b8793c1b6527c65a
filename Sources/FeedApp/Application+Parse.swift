import FeedModel
import FeedParsing
import FeedScheduling
import Foundation

/// What one poll did (re-exported for the command line, which imports only FeedApp).
public typealias PollReport = FeedScheduling.PollReport

extension Application {
    /// `feedd parse`: parses a document the way a poll would, without a store.
    public static func parseDocument(_ data: Data, url: String?, contentType: String?) throws -> Feed {
        try FeedParser().parse(data, url: url, contentType: contentType)
    }
}
