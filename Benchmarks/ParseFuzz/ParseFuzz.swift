import FeedParsing
import Foundation

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

/// libFuzzer's driver, linked when built with `-sanitize=fuzzer` (compiler-rt `FuzzerDriver.cpp`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Built with `-DFUZZING` (`make fuzz`), hands control to libFuzzer; a plain build replays the files it is given
/// (a crash reproducer from a fuzzing run, say), so the target also builds and runs without the fuzzer runtime.
@main
struct ParseFuzz {
    static func main() throws {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, testOneInput))
        #else
            for path in CommandLine.arguments.dropFirst() {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                _ = bytes.withUnsafeBufferPointer { testOneInput($0.baseAddress, $0.count) }
                print("\(path): parsed without a crash")
            }
        #endif
    }
}
