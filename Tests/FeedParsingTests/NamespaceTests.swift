import Testing

@testable import FeedParsing

/// Which namespaces hold RSS core elements (`Namespace.isRSS`), including the length shortcut's edges.
@Suite struct NamespaceTests {
    @Test(arguments: [
        ("", true), ("http://purl.org/rss/1.0/", true), ("http://my.netscape.com/rdf/simple/0.9/", true),
        ("http://blogs.law.harvard.edu/tech/rss", true), ("http://backend.userland.com/rss2", true),
        ("http://backend.userland.com/rss091", true), ("http://backend.userland.com/rss", true),
        ("http://backend.userland.com/rs", false), ("http://purl.org/rss/1.0/x", false),
        ("http://purl.org/rss/1.0", false), ("http://purl.org/dc/elements/1.1/", false),
        ("http://purl.org/rss/1.0/modules/content/", false), ("http://www.w3.org/2005/Atom", false),
        ("http://blogs.law.harvard.edu/tech/rsS", false),
    ])
    func isRSS(_ namespace: String, _ expected: Bool) {
        #expect(Namespace.isRSS(namespace) == expected)
    }
}
