import FeedFetching
import FeedStorage
import Foundation

extension Application {
    /// Creates the configured hooks' consumers before anything is polled, so that the first items stored after
    /// a hook is set up are owed to it (a hook set up on an existing store does not receive its history).
    ///
    /// The consumer of a hook kind the configuration no longer has is removed: it would otherwise hold back
    /// retention forever (items are kept until every consumer has them), for a hook that will never take them.
    /// What it was still owed is logged; setting the hook up again starts it with the items stored from then on.
    func startHookConsumers() async throws {
        let configured = configuration.hooks.map { $0.kind }
        // A filtered list: Swift 6.3.1's release optimiser crashed (CopyPropagation) on `for … where` here.
        let removed = HookConfiguration.Kind.allCases.filter { !configured.contains($0) }
        for kind in removed {
            guard let owed = try await store.removeConsumer(kind.consumer) else { continue }
            logger.warning(
                "hook no longer configured: its queue is dropped",
                metadata: ["hook": "\(kind.rawValue)", "undelivered_items": "\(owed)"])
        }
        for kind in configured {
            _ = try await store.startConsumer(kind.consumer)
        }
    }

    /// The service that feeds the configured hooks, nil when none is configured; webhooks post through
    /// `fetcher`.
    func makeHookService(fetcher: FeedFetcher) -> HookService? {
        let hooks = configuration.hooks.compactMap { hook -> HookService.Hook? in
            switch hook.target {
            case .command(let command):
                let runner = CommandHook(command: command, timeout: hook.settings.timeout)
                return HookService.Hook(
                    kind: hook.kind, target: hook.label, settings: hook.settings,
                    deliver: { batch, count in try await runner.deliver(batch, count: count) })
            case .webhook(let url, let secret):
                let poster = WebhookHook(
                    url: url, secret: secret, timeout: hook.settings.timeout,
                    userAgent: configuration.defaults.userAgent, fetcher: fetcher)
                return HookService.Hook(
                    kind: hook.kind, target: hook.label, settings: hook.settings,
                    deliver: { batch, count in try await poster.deliver(batch, count: count) })
            }
        }
        guard !hooks.isEmpty else { return nil }
        return HookService(hooks: hooks, store: store, clock: clock, logger: logger)
    }
}
