import FeedFetching
import FeedStorage
import Foundation

extension Application {
    /// Creates the configured hooks' consumers before anything is polled, so that the first items stored after
    /// a hook is set up are owed to it (a hook set up on an existing store does not receive its history).
    func startHookConsumers() async throws {
        for hook in configuration.hooks {
            _ = try await store.startConsumer("hook:" + hook.name)
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
                    name: hook.name, target: hook.label, settings: hook.settings,
                    deliver: { batch, count in try await runner.deliver(batch, count: count) })
            case .webhook(let url, let secret):
                let poster = WebhookHook(
                    url: url, secret: secret, timeout: hook.settings.timeout,
                    userAgent: configuration.defaults.userAgent, fetcher: fetcher)
                return HookService.Hook(
                    name: hook.name, target: hook.label, settings: hook.settings,
                    deliver: { batch, count in try await poster.deliver(batch, count: count) })
            }
        }
        guard !hooks.isEmpty else { return nil }
        return HookService(hooks: hooks, store: store, clock: clock, logger: logger)
    }
}
