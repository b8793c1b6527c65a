import Foundation

/// The subscriber's rules: what it asks hubs for, how it answers their requests, when it renews. Pure decisions
/// over their inputs (the time and any randomness are passed in), so that the daemon and the tests take the same
/// path; the decisions live in `WebSubPolicy+Verify.swift`, `+Renew.swift` and `+Push.swift`.
public struct WebSubPolicy: Sendable {
    /// The `hub.lease_seconds` asked for: 10 days, the longest many hubs grant (Google's hub among them), so one
    /// renewal a week and a half per hub and topic.
    public var requestedLease: Duration
    /// A hub's lease longer than this is planned as if it were this long: a hub granting years would otherwise
    /// never be asked again, and a renewal is the moment a forgotten subscription is noticed.
    public var maximumLease: Duration
    /// The shortest time between a verification and the renewal it plans: a hub granting a few seconds must not
    /// make feedd renew in a loop. Its lease then lapses between renewals, and polling covers the gap.
    public var minimumRenewalGap: Duration
    /// The largest pushed body read, the same cap as a fetched body's (`FetchRequest.maxBodyBytes`).
    public var maxBodyBytes: Int
    /// How long a request may wait for its verification before it counts as failing.
    public var verificationWait: Duration
    /// The first retry after a failed request, doubled after each further failure up to ``retryCap``.
    public var retryBase: Duration
    /// The longest wait between retries of a failing request.
    public var retryCap: Duration

    /// A policy with feedd's defaults.
    public init(
        requestedLease: Duration = .seconds(864_000), maximumLease: Duration = .seconds(30 * 86_400),
        minimumRenewalGap: Duration = .seconds(600), maxBodyBytes: Int = 16 << 20,
        verificationWait: Duration = .seconds(3_600), retryBase: Duration = .seconds(60),
        retryCap: Duration = .seconds(6 * 3_600)
    ) {
        self.requestedLease = requestedLease
        self.maximumLease = maximumLease
        self.minimumRenewalGap = minimumRenewalGap
        self.maxBodyBytes = maxBodyBytes
        self.verificationWait = verificationWait
        self.retryBase = retryBase
        self.retryCap = retryCap
    }
}
