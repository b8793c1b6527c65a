import Foundation

// The feed JSON omits what a feed does not have: no `null`, no `[]` (SCHEMA.md, "Every field is optional; omit
// what the feed does not have"). An element that is present but empty (`<description/>`) is kept as `""`, as
// feedparser reports it: nil means absent, "" means empty. These helpers keep the Codable conformances short.
extension KeyedEncodingContainer {
    mutating func encodeOmitting(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeOmitting<T: Encodable>(_ values: [T], forKey key: Key) throws {
        if !values.isEmpty { try encode(values, forKey: key) }
    }

    mutating func encodeOmitting(_ date: Date?, forKey key: Key) throws {
        if let date { try encode(Timestamp.format(date), forKey: key) }
    }
}

extension KeyedDecodingContainer {
    func decodeList<T: Decodable>(_ type: [T].Type, forKey key: Key) throws -> [T] {
        try decodeIfPresent(type, forKey: key) ?? []
    }

    func decodeDate(forKey key: Key) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        return Timestamp.parse(text)
    }
}
