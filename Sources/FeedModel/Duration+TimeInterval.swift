import Foundation

extension Duration {
    /// The duration in seconds as a `TimeInterval`, fractions included: whole seconds plus attoseconds
    /// (10⁻¹⁸ s), the two components Swift stores a `Duration` as.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension Duration {
    /// Whole milliseconds, any fraction of one rounded up, so that a wait or limit never ends short of the duration.
    public var millisecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
