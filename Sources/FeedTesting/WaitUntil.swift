/// Thrown by ``waitUntil(_:timeout:condition:)`` when the awaited event did not happen in time; its description
/// names the event, so the failing test says what it was waiting for.
public struct WaitTimeout: Error, CustomStringConvertible {
    /// What was awaited, and for how long.
    public let description: String
}

/// Waits in real time until `condition` holds, looking every 10 ms, and throws ``WaitTimeout`` naming `event`
/// after `timeout`. Tests wait for the event that proves what they assert (a request served, a log line written, a
/// task asleep on the clock) instead of sleeping for a fixed time and hoping it happened; the timeout only bounds a
/// failure, so it is generous for a loaded CI machine.
public func waitUntil(
    _ event: @autoclosure () -> String, timeout: Duration = .seconds(10), condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            throw WaitTimeout(description: "timed out after \(timeout) waiting for: \(event())")
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
