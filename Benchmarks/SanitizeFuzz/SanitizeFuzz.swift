import FeedParsing
import FuzzDriver

/// libFuzzer's per-input entry point, differential: each input, read as UTF-8, is an HTML fragment. When the
/// sanitizer's byte scan keeps it as written (``HTMLSanitizer/keepsAsWritten(_:)``), libxml2's tree of it must
/// hold nothing the allowlist removes: the full sanitizer's output must equal the same tree written with no
/// filtering, byte for byte. A difference is a fragment the scan passed that the full path would have changed;
/// the target traps with both outputs. Fragments the scan refuses still go through the full path, so
/// crashes there are found too.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let html = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let sanitized = HTMLSanitizer.rebuilt(html)
    guard HTMLSanitizer.keepsAsWritten(html) else { return 0 }
    let unfiltered = HTMLSanitizer.rebuilt(html, filtering: false)
    if sanitized != unfiltered {
        fatalError(
            "the byte scan kept a fragment the full sanitizer changes:\n--- fragment\n\(html)\n"
                + "--- full sanitizer\n\(sanitized)\n--- libxml2's tree, unfiltered\n\(unfiltered)\n")
    }
    return 0
}

@main
struct SanitizeFuzz {
    static func main() throws {
        try FuzzDriver.main(testOneInput)
    }
}
