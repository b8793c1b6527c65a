import Foundation

/// The `main` of a libFuzzer target (`make fuzz`): built with `-DFUZZING` it hands control to libFuzzer, which
/// calls `testOneInput` with each input it makes; a plain build replays the files it is given instead (a crash
/// reproducer from a fuzzing run, say), so a target also builds and runs without the fuzzer runtime.
public enum FuzzDriver {
    /// libFuzzer's per-input entry point: the target's `LLVMFuzzerTestOneInput`.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer over `testOneInput`, or replays the files named on the command line through it.
    public static func main(_ testOneInput: TestOneInput) throws {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, testOneInput))
        #else
            for path in CommandLine.arguments.dropFirst() {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                _ = bytes.withUnsafeBufferPointer { testOneInput($0.baseAddress, $0.count) }
                print("\(path): ran without a finding")
            }
        #endif
    }
}

/// libFuzzer's driver, linked when built with `-sanitize=fuzzer` (compiler-rt `FuzzerDriver.cpp`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: FuzzDriver.TestOneInput
) -> CInt
