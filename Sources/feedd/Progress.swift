import FeedApp

import Foundation

/// `feedd fetch`'s progress line on a terminal: feeds done of total, new items, failures, rate.
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var done = 0
    private var newItems = 0
    private var failures = 0
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now - .seconds(1)

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ report: PollReport, total: Int) {
        guard enabled else { return }
        let line: String? = lock.withLock {
            done += 1
            newItems += report.newItems
            if report.outcome == .failed { failures += 1 }
            let now = ContinuousClock.now
            // At most ten redraws a second: a terminal is slower than a loopback fetch.
            guard done == total || now - lastDraw > .milliseconds(100) else { return nil }
            lastDraw = now
            let elapsed = Double((now - start).components.seconds) + Double((now - start).components.attoseconds) / 1e18
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            return "\r\u{1B}[K[\(done)/\(total)] \(newItems) new, \(failures) failed, "
                + String(format: "%.0f feeds/s", rate)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
