import FeedScheduling
import Foundation

// `make bench-schedule`: 5,000 feeds publishing from 50 a day down to 1 a month (log-uniform), 5 % on a host that
// is down, 1 % answering 429 with Retry-After, 30 virtual days through the real PollPolicy with its defaults.
// Deterministic (seeded); FEEDS, DAYS and SEED in the environment change the run.
let environment = ProcessInfo.processInfo.environment
let count = environment["FEEDS"].flatMap(Int.init) ?? 5_000
let days = environment["DAYS"].flatMap(Double.init) ?? 30
let seed = environment["SEED"].flatMap(UInt64.init) ?? 42

var policy = PollPolicy()
// For exploring the mapping only; the reported figures use the policy's defaults.
if let polls = environment["POLLS_PER_ITEM"].flatMap(Double.init) { policy.pollsPerItem = polls }
var simulation = Simulation(
    policy: policy, count: count, days: days, minRate: 1.0 / 30, maxRate: 50, failing: 0.05,
    rateLimited: 0.01, seed: seed)
let start = ContinuousClock.now
simulation.run()
let elapsed = ContinuousClock.now - start
let met = Report(simulation: simulation, fixedInterval: 1_800).print()
print("simulated in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2))))")
exit(met ? 0 : 1)
