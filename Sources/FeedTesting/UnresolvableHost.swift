/// A host name that fails to resolve without a single DNS query: its first label is 64 octets, one more than a DNS
/// label may hold (RFC 1035 §2.3.4), so the system resolver (glibc's getaddrinfo, after `/etc/hosts`) refuses to
/// encode a query for it and libcurl reports "Could not resolve host". Unlike a `.invalid` name (RFC 6761 §6.4),
/// which the resolver still sends to the configured DNS server, a test using it talks to nothing but 127.0.0.1.
///
/// A proxy test that uses it as the origin proves that the origin is never resolved: a lookup would fail the fetch.
public let unresolvableHost = String(repeating: "x", count: 64) + ".invalid"
