import FeedTesting
import Foundation

/// One feed of the simulation: its true publishing rate, how its server behaves, and what the poller saw.
struct SimulatedFeed {
    enum Server {
        /// Answers every request with the feed.
        case healthy
        /// Never answers (a host that is down): every request fails.
        case failing
        /// Sometimes answers 429 with a Retry-After, and again 429 to any request inside that window.
        case rateLimited
    }

    let ratePerDay: Double
    let server: Server
    /// Publication times, seconds from the start, ascending.
    let publications: [Double]
    /// The first publication not fetched yet.
    var unfetched = 0
    /// When the poller first saw each item (what feedd stores as first_seen_at), ascending.
    var seen: [Double] = []
    /// The first successful poll (the store's baseline): observation starts there, and what it fetched is the
    /// feed's back catalogue, not counted as new, as the store's new-item query leaves it out.
    var observedSince: Double?
    /// Failures in a row.
    var failures = 0
    /// The server's current Retry-After window ends here.
    var windowEnd = -Double.infinity
    var requests = 0
    var requestsInsideWindows = 0
    /// 429 answers with a new Retry-After window.
    var windowsAnnounced = 0
    /// Publication → fetch delays, seconds.
    var delays: [Double] = []

    /// A Poisson process at `ratePerDay` over `days`.
    init(ratePerDay: Double, server: Server, days: Double, random: inout SplitMix) {
        self.ratePerDay = ratePerDay
        self.server = server
        var times: [Double] = []
        var time = 0.0
        let perSecond = ratePerDay / 86_400
        while true {
            time += -log(1 - random.unit()) / perSecond
            if time >= days * 86_400 { break }
            times.append(time)
        }
        publications = times
    }

    /// Active: posting daily or more, on a server that answers.
    var isActive: Bool { ratePerDay >= 1 && server != .failing }
}
