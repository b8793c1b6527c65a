/// A hook on new items, as configured: `on_new_items` runs a command, `on_new_items_url` posts to a URL.
public struct HookConfiguration: Sendable, Hashable {
    /// Where the items go.
    public enum Target: Sendable, Hashable {
        /// A shell command (`/bin/sh -c`), the items as JSON Lines on its standard input.
        case command(String)
        /// An HTTP POST of the same JSON Lines; `secret` signs the body (`X-Feedd-Signature`).
        case webhook(url: String, secret: String?)
    }

    public var target: Target
    public var settings: HookSettings

    public init(target: Target, settings: HookSettings = HookSettings()) {
        self.target = target
        self.settings = settings
    }

    /// The names of every kind of hook (see ``name``).
    static let kinds = ["command", "webhook"]

    /// The hook's consumer name in the store (`hook:command`, `hook:webhook`): one of each kind at most.
    var name: String {
        switch target {
        case .command: "command"
        case .webhook: "webhook"
        }
    }

    /// The command line or URL, for logs.
    var label: String {
        switch target {
        case .command(let command): command
        case .webhook(let url, _): url
        }
    }
}
