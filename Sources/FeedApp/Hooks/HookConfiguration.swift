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

    /// The kinds of hook; a configuration has one of each at most, so a kind names its hook.
    enum Kind: String, CaseIterable {
        case command, webhook

        /// The kind's consumer in the store (`hook:command`, `hook:webhook`).
        var consumer: String { "hook:" + rawValue }
    }

    /// The hook's kind (an exhaustive switch: a new target needs a new kind, which ``Kind/allCases`` then lists).
    var kind: Kind {
        switch target {
        case .command: .command
        case .webhook: .webhook
        }
    }

    /// `command` or `webhook`.
    var name: String { kind.rawValue }

    /// The command line or URL, for logs.
    var label: String {
        switch target {
        case .command(let command): command
        case .webhook(let url, _): url
        }
    }
}
