import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A worker's hold on one feed while it polls it (``FeedStore/claim(_:for:lease:now:)``): several `feedd run`
/// sharing a store poll each due feed once, and a worker whose lease was taken over cannot commit that feed.
public struct FeedLease: Sendable, Hashable {
    /// The feed's stored URL.
    public var feedURL: String
    /// The worker that holds it (``worker()``).
    public var holder: String
    /// How many times the feed was granted when this lease was: a commit whose fence is not the feed's latest
    /// comes from a worker whose lease expired and was taken over, and is refused.
    public var fence: Int64

    public init(feedURL: String, holder: String, fence: Int64) {
        self.feedURL = feedURL
        self.holder = holder
        self.fence = fence
    }

    /// How long a lease runs unless renewed. A worker killed mid-poll leaves its feeds to the others after at most
    /// this long, short enough that a reader hardly notices a feed polled half a minute late; a poll may take up
    /// to its 60 s time limit, so the leases of polls in flight are renewed every ``renewalPeriod(of:)``.
    public static let defaultDuration = Duration.seconds(30)

    /// How often the leases of polls in flight are renewed: a third of the lease, so that two renewals may fail (a
    /// slow or briefly unreachable database) before a lease runs out under a poll that is still working.
    public static func renewalPeriod(of lease: Duration) -> Duration { lease / 3 }

    /// This process as a lease holder: its host name, pid and start time, so that a lease names the process that
    /// holds it (a restarted worker with a recycled pid is another holder).
    public static func worker(startedAt: Date = Date()) -> String {
        var name = [CChar](repeating: 0, count: Int(HOST_NAME_MAX) + 1)
        let named = gethostname(&name, name.count) == 0
        let host =
            named
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown-host"
        return "\(host) pid \(getpid()) started \(Int64(startedAt.timeIntervalSince1970))"
    }
}
