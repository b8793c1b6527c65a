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

    /// How long ago the process started, from its start time in `/proc/<pid>/stat` (clock ticks since boot) and
    /// the boot-time clock now: a test that noticed a process late still knows when it began. Nil once it is gone.
    public static func age(of pid: Int32) -> Duration? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces and parentheses) start at the state, field 3;
        // the start time is field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        let boot = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        return .milliseconds(Int64(((boot - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))) * 1000).rounded()))
    }
}
