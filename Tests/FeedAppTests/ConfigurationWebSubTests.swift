import Testing

@testable import FeedApp

@Suite("websub configuration") struct ConfigurationWebSubTests {
    let env = ["HOME": "/home/u"]

    @Test("off unless websub.callback is set; the callback is kept as written")
    func callback() throws {
        #expect(try Configuration.parse(yaml: "feeds: []", environment: env).webSubCallback == nil)
        let config = try Configuration.parse(
            yaml: "websub:\n  callback: https://feedd.example.org/websub\n", environment: env)
        #expect(config.webSubCallback == "https://feedd.example.org/websub")
    }

    @Test(
        "a callback that is not an http(s) URL to append a token to is an error naming the key",
        arguments: [
            ("websub:\n  callback: ftp://feedd.example.org/websub", "not an http or https URL"),
            ("websub:\n  callback: https://feedd.example.org/websub?x=1", "no query or fragment"),
            ("websub:\n  callbak: https://feedd.example.org/websub", "unknown key 'callbak'"),
            ("websub: {}", "callback is missing"),
        ])
    func errors(yaml: String, fragment: String) {
        do {
            _ = try Configuration.parse(yaml: yaml, source: "my.yaml", environment: env)
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect(error.description.contains("websub"), "\(error.description)")
            #expect(error.description.contains(fragment), "\(error.description) should say \(fragment)")
        }
    }
}
