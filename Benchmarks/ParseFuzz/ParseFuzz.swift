import FeedParsing
import Foundation
import FuzzDriver

/// libFuzzer's per-input entry point: every input goes through ``FeedParser`` as a document (with and without a
/// document URL, so relative-link resolution runs too). A crash, a sanitizer report or a hang is a finding; a
/// thrown ``FeedParsingError`` is the expected answer to garbage.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let document = Data(bytes: data, count: size)
    let url: String? = size % 2 == 0 ? "http://example.org/feed/" : nil
    _ = try? FeedParser().parse(document, url: url)
    return 0
}

@main
struct ParseFuzz {
    static func main() throws {
        try FuzzDriver.main(testOneInput)
    }
}
