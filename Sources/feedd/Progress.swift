import FeedApp
import FeedModel
import Foundation

/// `feedd fetch`'s progress on standard error: feeds done of total, new items, failures so far and the rate.
///
/// On a terminal one line is redrawn in place (at most ten times a second: a terminal is slower than a loopback
/// fetch); otherwise (a log file, a pipe, systemd's journal) plain lines are written, one per tenth of the feeds
/// and the last, so a log shows the run advancing without a line per feed.
final class Progress: @unchecked Sendable {
    /// How progress is shown.
    enum Mode {
        case terminal
        case lines
        case off
    }

    private let mode: Mode
    private let lock = NSLock()
    private var done = 0
    private var newItems = 0
    private var failures = 0
    private var nextLineAt = 0
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now - .seconds(1)

    init(mode: Mode) { self.mode = mode }

    func update(_ report: PollReport, total: Int) {
        guard mode != .off else { return }
        let line: String? = lock.withLock {
            done += 1
            newItems += report.newItems
            if report.outcome == .failed { failures += 1 }
            let now = ContinuousClock.now
            switch mode {
            case .terminal:
                guard done == total || now - lastDraw > .milliseconds(100) else { return nil }
                lastDraw = now
                return "\r\u{1B}[K" + summary(total: total, now: now)
            case .lines:
                guard done >= nextLineAt || done == total else { return nil }
                nextLineAt = done + max(1, total / 10)
                return summary(total: total, now: now) + "\n"
            case .off:
                return nil
            }
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    private func summary(total: Int, now: ContinuousClock.Instant) -> String {
        let elapsed = now - start
        let seconds = elapsed.timeInterval
        let rate = seconds > 0 ? Double(done) / seconds : 0
        return "[\(done)/\(total)] \(newItems) new, \(failures) failed, " + String(format: "%.0f feeds/s", rate)
    }

    func finish() {
        guard mode == .terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
