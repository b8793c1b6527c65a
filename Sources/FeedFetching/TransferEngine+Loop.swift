internal import CCurl
import Foundation

extension TransferEngine {
    /// The transfer thread's body: admit new fetches, honour cancellations, drive libcurl, deliver results, and
    /// sleep in `curl_multi_poll` until a socket is ready, a timer fires or `curl_multi_wakeup` is called.
    func run() {
        var finished: [Finished] = []
        while true {
            let work = takeWork(freeSlots: concurrency - running.count)
            if work.stop { break }
            for id in work.cancels {
                guard let transfer = running.removeValue(forKey: id) else { continue }
                detach(transfer)
                finish(transfer, .failure(.cancelled(url: transfer.request.url)))
            }
            for job in work.jobs { begin(job) }
            var stillRunning: Int32 = 0
            _ = curl_multi_perform(multi, &stillRunning)
            // The results of the last turn are handed over only now, after the fetches their freed slots admitted
            // have sent their requests: resuming a task wakes a thread of the pool, which should not delay the
            // next request on a kept-alive connection (with per_host 2, the run of 304s is latency-bound).
            deliver(finished)
            finished = collectFinished()
            // A finished transfer frees a slot (and a host's share): go round again at once so that a queued fetch
            // starts now rather than when the next socket event or the poll's timeout comes.
            if !finished.isEmpty { continue }
            // The timeout only bounds how long a missed wakeup could delay work; libcurl shortens it to its own
            // next timer (connect, low-speed, whole-transfer limits) on its own. A host's minimum gap ending
            // shortens it too.
            var waitMillis = 1000
            if let wakeAt = work.wakeAt {
                let left = (wakeAt - ContinuousClock.now).wholeMilliseconds
                waitMillis = min(waitMillis, left)
            }
            _ = curl_multi_poll(multi, nil, 0, Int32(waitMillis), nil)
        }
        deliver(finished)
        drainAfterShutdown()
    }

    /// A finished transfer whose result is yet to be handed to its caller (its slot is already free).
    struct Finished {
        var transfer: Transfer
        var outcome: Result<FetchResponse, FetchError>
    }

    private func deliver(_ finished: [Finished]) {
        for item in finished { item.transfer.continuation.resume(returning: item.outcome) }
    }

    /// What the loop does next: cancellations to honour, fetches to start, and when a host's gap ends.
    struct Work {
        var cancels: Set<Int> = []
        var jobs: [Job] = []
        var stop = false
        /// The earliest instant a fetch held back by a host's minimum gap may start.
        var wakeAt: ContinuousClock.Instant?
    }

    /// Takes the cancellations and as many queued fetches as there are free slots: hosts in the order their oldest
    /// queued fetch arrived, each host's fetches in arrival order, skipping (and keeping queued) those whose host
    /// already has `perHost` transfers or is inside its minimum gap.
    private func takeWork(freeSlots: Int) -> Work {
        condition.withLock {
            var work = Work()
            // Whatever a pending wake-up announced is taken now; a later submit must wake the thread again.
            state.wakePending = false
            if state.isShutdown {
                work.stop = true
                return work
            }
            work.cancels = state.cancelRequests
            state.cancelRequests = []
            guard freeSlots > 0, !state.waitingHosts.isEmpty else { return work }
            let now = ContinuousClock.now
            var stillWaiting: [String] = []
            for host in state.waitingHosts {
                guard var queue = state.queues[host] else { continue }
                if work.jobs.count < freeSlots {
                    admit(from: &queue, host: host, slots: freeSlots, now: now, into: &work)
                }
                if queue.isEmpty {
                    state.queues[host] = nil
                } else {
                    state.queues[host] = queue
                    stillWaiting.append(host)
                }
            }
            state.waitingHosts = stillWaiting
            return work
        }
    }

    /// Moves fetches from the front of one host's queue into `work` while `slots` in all, the host's share and its
    /// gap allow. Called with the lock held.
    private func admit(
        from queue: inout [Int], host: String, slots: Int, now: ContinuousClock.Instant, into work: inout Work
    ) {
        var activity = hosts[host, default: HostActivity()]
        var taken = 0
        while taken < queue.count, work.jobs.count < slots, activity.active < perHost {
            if let notBefore = activity.notBefore, notBefore > now {
                work.wakeAt = min(work.wakeAt ?? notBefore, notBefore)
                break
            }
            let id = queue[taken]
            taken += 1
            // Ids cancelled while queued are no longer `.queued`: drop them.
            guard case .queued(let job) = state.phases[id] else { continue }
            activity.active += 1
            activity.notBefore = hostGap > .zero ? now + hostGap : nil
            state.phases[id] = .running
            work.jobs.append(job)
        }
        queue.removeFirst(taken)
        if activity.active > 0 { hosts[host] = activity }
    }

    /// A transfer to `host` ended (finished, failed, cancelled or never started): its share is free again.
    private func release(host: String) {
        guard var activity = hosts[host] else { return }
        activity.active = max(0, activity.active - 1)
        if activity.active == 0, activity.notBefore.map({ $0 <= ContinuousClock.now }) ?? true {
            // Nothing left to remember: forget the host so the table does not grow with every host ever seen.
            hosts[host] = nil
        } else {
            hosts[host] = activity
        }
    }

    private func begin(_ job: Job) {
        if job.request.insecure {
            // Every use, not once: turning verification off must stay visible in the logs for as long as it lasts.
            logger.warning(
                "TLS certificate verification is off for \(job.request.url) (insecure: true)",
                metadata: ["url": "\(job.request.url)"])
        }
        do {
            let transfer = try Transfer(
                id: job.id, request: job.request, host: job.host, share: share, continuation: job.continuation)
            let code = curl_multi_add_handle(multi, transfer.easy)
            guard code == CURLM_OK else {
                let detail = String(cString: curl_multi_strerror(code))
                finish(transfer, .failure(.other(url: job.request.url, detail: detail)))
                return
            }
            running[job.id] = transfer
        } catch {
            release(host: job.host)
            markDone(job.id)
            job.continuation.resume(returning: .failure(error))
        }
    }

    /// Reads libcurl's completion messages and frees the finished fetches' slots; returns their results, for
    /// ``deliver(_:)``.
    private func collectFinished() -> [Finished] {
        var finished: [Finished] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            var opaque: UnsafeMutableRawPointer?
            _ = CCurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &opaque)
            guard let opaque else { continue }
            let transfer = Unmanaged<Transfer>.fromOpaque(opaque).takeUnretainedValue()
            running[transfer.id] = nil
            let outcome = transfer.outcome(code)
            detach(transfer)
            log(transfer, outcome)
            release(host: transfer.host)
            markDone(transfer.id)
            finished.append(Finished(transfer: transfer, outcome: outcome))
        }
        return finished
    }

    private func detach(_ transfer: Transfer) {
        _ = curl_multi_remove_handle(multi, transfer.easy)
    }

    private func finish(_ transfer: Transfer, _ outcome: Result<FetchResponse, FetchError>) {
        release(host: transfer.host)
        markDone(transfer.id)
        transfer.continuation.resume(returning: outcome)
    }

    private func log(_ transfer: Transfer, _ outcome: Result<FetchResponse, FetchError>) {
        switch outcome {
        case .success(let response):
            logger.debug(
                "fetched",
                metadata: [
                    "url": "\(transfer.request.url)", "status": "\(response.status)",
                    "bytes": "\(response.downloadedBytes)", "redirects": "\(response.redirectCount)",
                ])
        case .failure(let error):
            logger.debug("fetch failed", metadata: ["url": "\(transfer.request.url)", "error": "\(error)"])
        }
    }

    /// After shutdown: fail every queued and running fetch, then free libcurl and release `shutdown()` waiters.
    private func drainAfterShutdown() {
        let queued: [Job] = condition.withLock {
            var jobs: [Job] = []
            for host in state.waitingHosts {
                for id in state.queues[host] ?? [] {
                    if case .queued(let job) = state.phases[id] { jobs.append(job) }
                }
            }
            state.queues = [:]
            state.waitingHosts = []
            for (id, phase) in state.phases {
                if case .queued = phase { state.phases[id] = nil }
            }
            return jobs
        }
        for job in queued { job.continuation.resume(returning: .failure(.shutdown(url: job.request.url))) }
        for transfer in running.values {
            detach(transfer)
            finish(transfer, .failure(.shutdown(url: transfer.request.url)))
        }
        running = [:]
        condition.withLock {
            state.loopFinished = true
            condition.broadcast()
        }
        curl_multi_cleanup(multi)
        curl_share_cleanup(share)
    }
}
