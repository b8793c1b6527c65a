internal import CCurl
import Foundation

extension TransferEngine {
    /// The transfer thread's body: admit new fetches, honour cancellations, drive libcurl, deliver results, and
    /// sleep in `curl_multi_poll` until a socket is ready, a timer fires or `curl_multi_wakeup` is called.
    func run() {
        while true {
            let (cancels, jobs, stop) = takeWork(freeSlots: concurrency - running.count)
            if stop { break }
            for id in cancels {
                guard let transfer = running.removeValue(forKey: id) else { continue }
                detach(transfer)
                finish(transfer, .failure(.cancelled(url: transfer.request.url)))
            }
            for job in jobs { begin(job) }
            var stillRunning: Int32 = 0
            _ = curl_multi_perform(multi, &stillRunning)
            collectFinished()
            // The timeout only bounds how long a missed wakeup could delay work; libcurl shortens it to its own
            // next timer (connect, low-speed, whole-transfer limits) on its own.
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        drainAfterShutdown()
    }

    private func takeWork(freeSlots: Int) -> (cancels: Set<Int>, jobs: [Job], stop: Bool) {
        condition.withLock {
            if state.isShutdown { return ([], [], true) }
            let cancels = state.cancelRequests
            state.cancelRequests = []
            var jobs: [Job] = []
            var taken = 0
            while jobs.count < freeSlots, taken < state.inbox.count {
                let id = state.inbox[taken]
                taken += 1
                if case .queued(let job) = state.phases[id] {
                    state.phases[id] = .running
                    jobs.append(job)
                }
            }
            state.inbox.removeFirst(taken)
            return (cancels, jobs, false)
        }
    }

    private func begin(_ job: Job) {
        do {
            let transfer = try Transfer(
                id: job.id, request: job.request, share: share, continuation: job.continuation)
            let code = curl_multi_add_handle(multi, transfer.easy)
            guard code == CURLM_OK else {
                let detail = String(cString: curl_multi_strerror(code))
                finish(transfer, .failure(.other(url: job.request.url, detail: detail)))
                return
            }
            running[job.id] = transfer
        } catch {
            markDone(job.id)
            job.continuation.resume(returning: .failure(error))
        }
    }

    /// Reads libcurl's completion messages and resumes the finished fetches.
    private func collectFinished() {
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
            finish(transfer, outcome)
        }
    }

    private func detach(_ transfer: Transfer) {
        _ = curl_multi_remove_handle(multi, transfer.easy)
    }

    private func finish(_ transfer: Transfer, _ outcome: Result<FetchResponse, FetchError>) {
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
            for id in state.inbox {
                if case .queued(let job) = state.phases[id] { jobs.append(job) }
            }
            state.inbox = []
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
