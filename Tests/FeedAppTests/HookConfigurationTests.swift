@testable import FeedApp
import Testing

@Suite struct HookConfigurationTests {
    @Test("a command hook in its short and long forms")
    func commandHook() throws {
        let short = try Configuration.parse(yaml: "on_new_items: notify --all\n", environment: [:])
        #expect(short.hooks == [HookConfiguration(target: .command("notify --all"))])
        let long = try Configuration.parse(
            yaml: "on_new_items:\n  command: notify\n  retry: 5s\n  timeout: 2m\n  batch: 10\n", environment: [:])
        #expect(
            long.hooks == [
                HookConfiguration(
                    target: .command("notify"),
                    settings: HookSettings(retry: .seconds(5), timeout: .seconds(120), batchSize: 10))
            ])
    }

    @Test("a webhook, its secret from the environment")
    func webhook() throws {
        let yaml = "on_new_items_url:\n  url: https://hooks.example/feedd\n  secret: $HOOK_SECRET\n"
        let config = try Configuration.parse(yaml: yaml, environment: ["HOOK_SECRET": "k"])
        #expect(config.hooks == [HookConfiguration(target: .webhook(url: "https://hooks.example/feedd", secret: "k"))])
        #expect {
            try Configuration.parse(yaml: yaml, environment: [:])
        } throws: { error in
            (error as? FeedAppError)?.description.contains("the environment variable HOOK_SECRET is not set") == true
        }
        let short = try Configuration.parse(yaml: "on_new_items_url: http://127.0.0.1:9/x\n", environment: [:])
        #expect(short.hooks == [HookConfiguration(target: .webhook(url: "http://127.0.0.1:9/x", secret: nil))])
    }

    @Test(
        "hook mistakes name the key",
        arguments: [
            ("on_new_items:\n  retry: 5s\n", "on_new_items: a hook needs a 'command'"),
            ("on_new_items:\n  command: x\n  every: 5s\n", "unknown key 'every'"),
            ("on_new_items:\n  command: x\n  retry: soon\n", "on_new_items.retry: 'soon' is not a duration"),
            ("on_new_items_url: ftp://x.example/\n", "not an http or https URL"),
        ])
    func mistakes(yaml: String, message: String) {
        #expect {
            try Configuration.parse(yaml: yaml, environment: [:])
        } throws: { error in
            (error as? FeedAppError)?.description.contains(message) == true
        }
    }

    /// 30 s doubling per failure, capped at 1 h; half of each wait fixed, half random.
    @Test(arguments: [
        (1, 0.0, 15.0), (1, 0.999_999, 30), (2, 0.5, 45), (3, 0.0, 60), (8, 0.0, 1800), (9, 1.0, 3600), (40, 0.0, 1800),
    ])
    func retryDelays(failures: Int, random: Double, seconds: Double) {
        let delay = HookSettings().retryDelay(afterFailures: failures, random: random)
        #expect(abs(delay - seconds) < 0.001, "\(failures) failures, random \(random): \(delay) s")
    }
}
