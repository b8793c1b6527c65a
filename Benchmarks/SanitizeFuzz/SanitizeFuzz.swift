import FeedParsing
import Foundation
import FuzzDriver
import Synchronization

/// Inputs run, and those holding markup that the byte scan kept and the comparison therefore checked: printed
/// at exit, so a run shows how much of it reached the comparison.
let inputsRun = Atomic<Int>(0)
let markupCompared = Atomic<Int>(0)

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
    inputsRun.add(1, ordering: .relaxed)
    guard HTMLSanitizer.keepsAsWritten(html) else { return 0 }
    if html.utf8.contains(UInt8(ascii: "<")) { markupCompared.add(1, ordering: .relaxed) }
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
        atexit {
            let run = inputsRun.load(ordering: .relaxed)
            print(
                "inputs run: \(run), with markup the byte scan kept (compared): \(markupCompared.load(ordering: .relaxed))"
            )
        }
        try FuzzDriver.main(testOneInput)
    }
}
