import FeedScheduling
import FeedStorage
import Foundation

// `feedd fetch` beside `feedd run` workers on one PostgreSQL database: it claims the feeds it polls, as a worker
// does, so that no feed is polled by both at once, and skips (with a message) the feeds a worker holds.
extension Application {
    /// What a fetch claimed: the leases granted (as `holder`), and a report for each feed a worker holds.
    struct FetchClaims {
        var holder = FeedLease.worker()
        var leases: [FeedLease] = []
        var held: [PollReport] = []
    }

    /// Claims `jobs` for this fetch, keeping those granted (each with its lease) and answering a skipped report for
    /// each feed another worker holds. A fetch polls feeds before they are due, so it claims them as of the distant
    /// future: every feed that is not gone and not leased. Gone feeds stay, for the refresher's own report.
    func claimForFetch(_ jobs: inout [FeedRefresher.Job]) async throws -> FetchClaims {
        var claims = FetchClaims()
        let lease = configuration.defaults.polling.lease
        let urls = jobs.filter { !$0.feed.isGone }.map(\.feed.url)
        claims.leases = try await store.claim(urls, for: claims.holder, lease: lease, now: .distantFuture)
        let byURL = Dictionary(claims.leases.map { ($0.feedURL, $0) }) { first, _ in first }
        jobs = jobs.compactMap { job in
            var job = job
            if job.feed.isGone { return job }
            guard let lease = byURL[job.feed.url] else {
                claims.held.append(
                    PollReport(
                        feedURL: job.feed.url, outcome: .skipped,
                        error: "a feedd run worker is polling it now; it is left to that worker"))
                return nil
            }
            job.lease = lease
            return job
        }
        return claims
    }

    /// Renews the fetch's leases and host slots every third of the lease until cancelled: a fetch of many feeds
    /// outlasts a lease. A lease its poll's commit released is no longer renewed.
    func renewWhileFetching(_ leases: [FeedLease], _ hostGate: HostGate?) async {
        guard !leases.isEmpty || hostGate != nil else { return }
        let lease = configuration.defaults.polling.lease
        while !Task.isCancelled {
            do { try await Task.sleep(for: FeedLease.renewalPeriod(of: lease)) } catch { return }
            await hostGate?.renew()
            guard !leases.isEmpty else { continue }
            do {
                _ = try await store.renew(leases, lease: lease)
            } catch {
                logger.warning("cannot renew the fetch's leases", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Gives back the leases of feeds whose polls stored nothing (inside a Retry-After window, or interrupted), so
    /// that the workers poll them when due rather than a lease later.
    func releaseAfterFetch(_ leases: [FeedLease]) async {
        guard !leases.isEmpty else { return }
        do {
            try await store.release(leases)
        } catch {
            logger.warning("cannot give back the fetch's leases", metadata: ["error": "\(error)"])
        }
    }
}
