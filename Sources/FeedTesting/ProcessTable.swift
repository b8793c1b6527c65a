import Foundation

/// The processes running on this machine, read from `/proc`, to check that a test's children are gone.
public enum ProcessTable {
    /// The pids of live processes whose command line is `arguments` (a zombie has an empty command line, so an
    /// exited process that nobody reaped yet does not count). Tests pass an argument unique to them, such as
    /// `["sleep", "6101"]`, so that other processes never match.
    public static func pids(running arguments: [String]) -> [Int32] {
        let wanted = Data(arguments.joined(separator: "\0").utf8) + Data([0])
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = Int32(entry),
                let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), line == wanted
            else { return nil }
            return pid
        }
    }
}
