extension FeedDate {
    /// The UTC offset in seconds of a zone designator: `Z`, `±hh`, `±hhmm`, `±hh:mm`, `GMT±hh:mm`, `Etc/GMT`,
    /// the RFC 822 §5.1 names (UT, GMT, EST … PDT) and military letters, plus the North American and European
    /// abbreviations feeds use in practice (AST, MET, MEST, CET …). Nil when unknown.
    static func zoneOffset(_ text: String) -> Int? {
        var zone = Substring(text)
        if zone.hasPrefix("Etc/") { zone = zone.dropFirst(4) }
        if zone.count > 1, zone.hasSuffix(".") { zone = zone.dropLast() }
        let upper = zone.uppercased()
        if let offset = namedZoneOffset(upper) { return offset }
        // "GMT+01:00", "UTC-5": a name whose offset follows.
        for prefix in ["GMT", "UTC", "UT"] where upper.hasPrefix(prefix) && upper.count > prefix.count {
            let rest = upper.dropFirst(prefix.count)
            if rest.first == "+" || rest.first == "-" { return numericOffset(Array(rest.utf8)) }
        }
        return numericOffset(Array(upper.utf8))
    }

    /// The offset of a zone name in upper case (`EST`), or nil when it is not one of ``namedZones``.
    static func namedZoneOffset(_ upper: String) -> Int? {
        namedZones[upper].map { $0 * 3600 }
    }

    private static func numericOffset(_ bytes: [UInt8]) -> Int? {
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = bytes.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard !digits.isEmpty, digits.count <= 4,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            bytes.dropFirst().allSatisfy({
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ":")
            })
        else { return nil }
        let values = digits.map { Int($0 - UInt8(ascii: "0")) }
        let hours: Int
        let minutes: Int
        switch values.count {
        case 1: (hours, minutes) = (values[0], 0)
        case 2: (hours, minutes) = (values[0] * 10 + values[1], 0)
        case 3: (hours, minutes) = (values[0], values[1] * 10 + values[2])
        default: (hours, minutes) = (values[0] * 10 + values[1], values[2] * 10 + values[3])
        }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// Hours east of UTC. RFC 822 §5.1 names and military letters (J is not used), and the one- and two-letter
    /// North American forms ("ET", "PT") that feedparser's tests show in the wild.
    private static let namedZones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "CET": 1, "MET": 1, "CEST": 2, "MEST": 2, "EET": 2,
        "EEST": 3, "MSK": 3,
        "AST": -4, "ADT": -3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "AKST": -9, "AKDT": -8, "HST": -10, "NZST": 12, "NZDT": 13, "JST": 9, "IST": 5, "AEST": 10, "AEDT": 11,
        "AT": -4, "ET": -5, "CT": -6, "MT": -7, "PT": -8,
        "A": -1, "B": -2, "C": -3, "D": -4, "E": -5, "F": -6, "G": -7, "H": -8, "I": -9, "K": -10, "L": -11,
        "M": -12, "N": 1, "O": 2, "P": 3, "Q": 4, "R": 5, "S": 6, "T": 7, "U": 8, "V": 9, "W": 10, "X": 11, "Y": 12,
    ]
}
