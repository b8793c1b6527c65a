extension Application {
    /// `feedd check`: the store's consistency problems, none when healthy.
    public func check() async throws -> [String] { try await store.verify() }
}
