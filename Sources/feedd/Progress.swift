import FeedApp
import FeedModel
import Foundation
import Synchronization

/// `feedd fetch`'s progress on standard error: feeds done of total, new items, failures so far and the rate.
///
/// On a terminal one line is redrawn in place (at most ten times a second: a terminal is slower than a loopback
/// fetch); otherwise (a log file, a pipe, systemd's journal) plain lines are written, one per tenth of the feeds
/// and the last, so a log shows the run advancing without a line per feed.
final class Progress: Sendable {
    /// How progress is shown.
    enum Mode {
        case terminal
        case lines
        case off
    }

    /// The counts so far and when output was last written, updated by every finished poll.
    private struct Counts {
        var done = 0
        var newItems = 0
        var failures = 0
        var nextLineAt = 0
        var lastDraw = ContinuousClock.now - .seconds(1)
    }

    private let mode: Mode
    private let counts = Mutex(Counts())
    private let start = ContinuousClock.now

    init(mode: Mode) { self.mode = mode }

    func update(_ report: PollReport, total: Int) {
        guard mode != .off else { return }
        let line: String? = counts.withLock { counts in
            counts.done += 1
            counts.newItems += report.newItems
            if report.outcome == .failed { counts.failures += 1 }
            let now = ContinuousClock.now
            switch mode {
            case .terminal:
                guard counts.done == total || now - counts.lastDraw > .milliseconds(100) else { return nil }
                counts.lastDraw = now
                return "\r\u{1B}[K" + summary(counts, total: total, now: now)
            case .lines:
                guard counts.done >= counts.nextLineAt || counts.done == total else { return nil }
                counts.nextLineAt = counts.done + max(1, total / 10)
                return summary(counts, total: total, now: now) + "\n"
            case .off:
                return nil
            }
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    private func summary(_ counts: Counts, total: Int, now: ContinuousClock.Instant) -> String {
        let elapsed = now - start
        let seconds = elapsed.timeInterval
        let rate = seconds > 0 ? Double(counts.done) / seconds : 0
        return "[\(counts.done)/\(total)] \(counts.newItems) new, \(counts.failures) failed, "
            + String(format: "%.0f feeds/s", rate)
    }

    func finish() {
        guard mode == .terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
