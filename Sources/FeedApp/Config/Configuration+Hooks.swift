import Foundation
import Yams

extension ConfigReader {
    /// `on_new_items: COMMAND` or `on_new_items: {command, retry, timeout, batch}`.
    func commandHook(_ node: Node) throws(FeedAppError) -> HookConfiguration {
        if case .scalar = node {
            return HookConfiguration(target: .command(try string(node, at: "on_new_items")))
        }
        let map = try mapping(node, at: "on_new_items")
        try allowOnly(["command", "retry", "timeout", "batch"], in: map, at: "on_new_items")
        guard let command = map.value("command") else {
            throw fail("on_new_items", node, "a hook needs a 'command'")
        }
        return HookConfiguration(
            target: .command(try string(command, at: "on_new_items.command")),
            settings: try hookSettings(map, at: "on_new_items"))
    }

    /// `on_new_items_url: URL` or `on_new_items_url: {url, secret, retry, timeout, batch}`; a secret written
    /// `$NAME` is read from the environment, so that it need not sit in the file.
    func webhook(_ node: Node, environment: [String: String]) throws(FeedAppError) -> HookConfiguration {
        if case .scalar = node {
            return HookConfiguration(target: .webhook(url: try url(node, at: "on_new_items_url"), secret: nil))
        }
        let map = try mapping(node, at: "on_new_items_url")
        try allowOnly(["url", "secret", "retry", "timeout", "batch"], in: map, at: "on_new_items_url")
        guard let address = map.value("url") else { throw fail("on_new_items_url", node, "a webhook needs a 'url'") }
        var secret: String?
        if let value = map.value("secret") {
            let text = try string(value, at: "on_new_items_url.secret")
            if text.hasPrefix("$") {
                guard let fromEnvironment = environment[String(text.dropFirst())], !fromEnvironment.isEmpty else {
                    throw fail(
                        "on_new_items_url.secret", value, "the environment variable \(text.dropFirst()) is not set")
                }
                secret = fromEnvironment
            } else {
                secret = text
            }
        }
        return HookConfiguration(
            target: .webhook(url: try url(address, at: "on_new_items_url.url"), secret: secret),
            settings: try hookSettings(map, at: "on_new_items_url"))
    }

    private func hookSettings(_ map: Node.Mapping, at: String) throws(FeedAppError) -> HookSettings {
        var settings = HookSettings()
        if let value = map.value("retry") { settings.retry = try duration(value, at: at + ".retry") }
        if let value = map.value("timeout") { settings.timeout = try duration(value, at: at + ".timeout") }
        if let value = map.value("batch") { settings.batchSize = try positiveInt(value, at: at + ".batch") }
        return settings
    }
}
