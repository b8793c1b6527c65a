import FeedApp
import Testing

/// Parses `yaml` as the file `my.yaml` and expects a configuration error whose message begins with the file's name
/// and names each of `fragments` (the key to fix, the feed, the line), recording an issue at the caller when it
/// parses or says less.
func expectConfigurationError(
    _ yaml: String, naming fragments: [String], environment: [String: String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try Configuration.parse(yaml: yaml, source: "my.yaml", environment: environment)
        Issue.record("expected an error for \(yaml)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.isConfigError, sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(
                error.description.contains(fragment), "\(error.description) should name \(fragment)",
                sourceLocation: sourceLocation)
        }
        #expect(error.description.hasPrefix("my.yaml"), sourceLocation: sourceLocation)
    }
}
