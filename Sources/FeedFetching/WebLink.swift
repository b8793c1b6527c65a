/// One link of an HTTP `Link` header (RFC 8288 §3): a target URI reference, its relation types and its other
/// parameters.
public struct WebLink: Sendable, Hashable {
    /// The target as written between `<` and `>`: a URI reference, to be resolved against the response's URL
    /// (RFC 8288 §3.1).
    public var target: String
    /// The relation types of the `rel` parameter, split on whitespace (§3.3), as written.
    public var relations: [String]
    /// The other parameters, names lower-cased, values unquoted; a parameter given twice keeps its first value
    /// (§3.3 says so of `rel`, and the other single-valued ones are read the same way).
    public var parameters: [String: String]

    /// A link from its parts.
    public init(target: String, relations: [String] = [], parameters: [String: String] = [:]) {
        self.target = target
        self.relations = relations
        self.parameters = parameters
    }

    /// True when `relation` is among the link's relation types. Registered types compare without regard to case
    /// (RFC 8288 §2.1.1).
    public func hasRelation(_ relation: String) -> Bool {
        relations.contains { $0.lowercased() == relation.lowercased() }
    }

    /// The links of a `Link` field value. Several header lines arrive joined with ", " (RFC 9110 §5.3), which is
    /// the same list syntax, so one value may hold every link of a response. A malformed member is skipped up to
    /// the next comma outside quotes and angle brackets; the members around it are kept.
    public static func parse(_ fieldValue: String) -> [WebLink] {
        var scanner = LinkScanner(Array(fieldValue.utf8))
        var links: [WebLink] = []
        while let link = scanner.nextLink() { links.append(link) }
        return links
    }
}
