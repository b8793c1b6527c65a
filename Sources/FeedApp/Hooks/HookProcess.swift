import CProcess
import FeedModel

#if canImport(Glibc)
    import Glibc
#endif

/// A hook command's process: `/bin/sh -c COMMAND` spawned as the leader of a process group of its own, waited for
/// through a pidfd, and killed with its whole group at a deadline.
///
/// Everything the command starts (a pipeline's stages, a script's children and theirs) joins that group unless it
/// leaves on purpose (`setsid`), so one `kill(-group, SIGKILL)` (kill(2)) ends it all, whatever it does with its
/// standard streams: feedd waits for the leader's exit, never for the end of a pipe that a grandchild may hold.
/// The group is killed again once the leader has exited, before it is reaped, so no process of a hook outlives
/// its call.
///
/// Only this type reaps the leader, and it signals the group only before reaping it. That is what makes the group
/// id safe to signal: a process group's id is its leader's pid, which Linux does not hand to a new process while
/// the leader exists, even as a zombie (nor while any process of the group is left), so `kill(-group)` cannot
/// reach a stranger. The leader itself is signalled through its pidfd, which names that process and no other.
struct HookProcess {
    /// How the command ended.
    enum Ending: Equatable, Sendable {
        case exited(status: Int32)
        case killed(signal: Int32)
        /// It ran past its deadline and was killed, with its group.
        case timedOut
    }

    /// Why the command could not be started, in a sentence.
    struct Failure: Error, CustomStringConvertible {
        let description: String

        init(_ call: String, _ code: Int32) {
            description = "cannot start /bin/sh: \(call): \(String(cString: strerror(code)))"
        }
    }

    let pid: pid_t
    /// A descriptor that polls readable once the leader exits (pidfd_open(2)); nil when the kernel refuses one
    /// (before Linux 5.3, or a seccomp filter), in which case the wait looks every `tick` instead.
    let pidfd: Int32?
    /// How often the wait looks whether the leader exited when it has no pidfd.
    static let tick = Duration.milliseconds(50)
    /// How long a killed leader is given to die before the call is reported as timed out regardless (a process in
    /// an uninterruptible sleep dies only when its system call returns); it is still reaped afterwards.
    static let grace = Duration.milliseconds(500)

    /// Runs `command` with `input` on its standard input, `/dev/null` as standard output and `errors` as standard
    /// error, and calls `report` once: when the command ends, or at `timeout` (after killing it and its group).
    /// Returns once the leader is reaped. It blocks throughout: call it on a thread of its own.
    static func run(
        command: String, environment: [String: String], input: [UInt8], errors: Int32, timeout: Duration,
        report: (Result<Ending, Failure>) -> Void
    ) {
        let deadline = ContinuousClock.now + timeout
        var pipe: [Int32] = [-1, -1]
        guard pipe2(&pipe, O_CLOEXEC) == 0 else { return report(.failure(Failure("pipe2", errno))) }
        let process: HookProcess
        do {
            defer { _ = close(pipe[0]) }
            process = try spawn(command: command, environment: environment, input: pipe[0], errors: errors)
        } catch {
            _ = close(pipe[1])
            return report(.failure(error))
        }
        var writer = HookInput(descriptor: pipe[1], bytes: input)
        defer { writer.close() }
        if process.waitForExit(until: deadline, writing: &writer) {
            return report(.success(process.reap()))
        }
        writer.close()
        process.killGroup()
        let died = process.waitForExit(until: .now + grace, writing: &writer)
        report(.success(.timedOut))
        if !died { _ = process.waitForExit(until: nil, writing: &writer) }
        _ = process.reap()
    }

    /// Whether the leader has exited; it is left to be reaped (WNOWAIT), so its pid and group id stay taken.
    func hasExited() -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._kill.si_pid == pid
    }

    /// Waits until the leader exits (true) or `deadline` passes (false; nil waits as long as it takes), writing
    /// the command's input meanwhile.
    func waitForExit(until deadline: ContinuousClock.Instant?, writing input: inout HookInput) -> Bool {
        while !hasExited() {
            var wait = pidfd == nil ? Self.tick : nil
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { return false }
                wait = min(wait ?? left, left)
            }
            var events = [
                pollfd(fd: pidfd ?? -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: input.descriptor ?? -1, events: Int16(POLLOUT), revents: 0),
            ]
            if poll(&events, nfds_t(events.count), wait.map(Self.milliseconds) ?? -1) > 0, events[1].revents != 0 {
                input.writeAvailable()
            }
        }
        return true
    }

    /// SIGKILL to the leader (through its pidfd) and to every process of its group.
    func killGroup() {
        if let pidfd { _ = pidfd_send_signal(pidfd, SIGKILL, nil, 0) } else { _ = kill(pid, SIGKILL) }
        _ = kill(-pid, SIGKILL)
    }

    /// Kills what is left of the group, then reaps the exited leader and says how it ended.
    func reap() -> Ending {
        _ = kill(-pid, SIGKILL)
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED) != 0, errno == EINTR {}
        if let pidfd { _ = close(pidfd) }
        let status = info._sifields._sigchld.si_status
        return info.si_code == CLD_EXITED ? .exited(status: status) : .killed(signal: status)
    }

    /// A poll(2) timeout: whole milliseconds, rounded up so that a wait never ends just short of its deadline.
    static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: duration.millisecondsRoundedUp)
    }
}
