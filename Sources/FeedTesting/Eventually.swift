/// Waits for an event that a test can only observe by looking (a file's content, a process gone, a log line):
/// looks every few milliseconds until it holds or the time is up, so a test waits as long as the event takes and
/// no longer, instead of sleeping a fixed time before asserting.
public enum Eventually {
    /// Whether `condition` held within `limit` (checked at once, then every `interval`).
    public static func holds(
        within limit: Duration, every interval: Duration = .milliseconds(20), _ condition: () throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while true {
            if try condition() { return true }
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: interval)
        }
    }
}
