import FeedModel
import Foundation

/// The feed JSON as the CLI prints it, for assertions on the whole output.
enum JSONEncoderForTests {
    static func encode(_ feed: Feed) throws -> Data {
        try FeedJSON.encoder().encode(feed)
    }
}
