import CProcess

#if canImport(Glibc)
    import Glibc
#endif

extension HookProcess {
    /// Spawns `/bin/sh -c command` in a new process group with `input` as its standard input, `/dev/null` as its
    /// standard output and `errors` as its standard error, and opens a pidfd on it.
    ///
    /// The child gets no other descriptor of feedd's (the store, the run lock, sockets), every signal at its
    /// default disposition and none blocked: feedd ignores SIGPIPE, which a command whose pipeline relies on it
    /// (`… | head`) must not inherit, and the thread that spawns may have signals blocked.
    static func spawn(command: String, environment: [String: String], input: Int32, errors: Int32)
        throws(Failure) -> HookProcess
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errors, STDERR_FILENO)
        posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        // Group 0: a new group whose id is the child's pid.
        posix_spawnattr_setpgroup(&attributes, 0)
        var every = sigset_t()
        sigfillset(&every)
        posix_spawnattr_setsigdefault(&attributes, &every)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)

        var pid = pid_t()
        let arguments = ["/bin/sh", "-c", command]
        let variables = environment.map { $0.key + "=" + $0.value }
        let code = withCStrings(arguments) { argv in
            withCStrings(variables) { envp in posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp) }
        }
        guard code == 0 else { throw Failure("posix_spawn", code) }
        let pidfd = pidfd_open(pid, 0)
        return HookProcess(pid: pid, pidfd: pidfd >= 0 ? pidfd : nil)
    }

    /// Calls `body` with `strings` as a C array of C strings ending in a null pointer (an argv or envp).
    private static func withCStrings<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
