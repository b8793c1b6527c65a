extension StorySlice {
    /// The nibbles (``sketch(of:)``) of band `band`'s ``StoryText/rowsPerBand`` rows in a sketch, the first row's
    /// lowest.
    @inline(__always)
    static func rowNibbles(_ sketch: UnsafeBufferPointer<UInt32>, band: Int) -> UInt64 {
        let bit = 4 * StoryText.rowsPerBand * band
        let word = bit / 32
        let pair = UInt64(sketch[word]) | (word + 1 < sketch.count ? UInt64(sketch[word + 1]) << 32 : 0)
        return pair >> UInt64(bit % 32) & (1 << UInt64(4 * StoryText.rowsPerBand) - 1)
    }

    /// Whether a member with this sketch may have the key of `probe`'s band in one of its bands. A band key mixes
    /// the band's number with its first row, then each row in turn (``StoryText/bandKeys(of:)``), so a member's
    /// band `other` has the key of the probe's band `band` only when its first row is the probe's first row with
    /// the bits of `band ^ other` flipped and its other rows are the probe's: the rows' nibbles then agree the same
    /// way. A member of a key with equal fingerprint is so ruled out but for one in 4,096.
    @inline(__always)
    static func mayShareKey(_ sketch: UnsafeBufferPointer<UInt32>, _ band: Int, _ probe: StoryProbe) -> Bool {
        let wanted = probe.rowNibbles(of: band)
        if rowNibbles(sketch, band: band) == wanted { return true }
        for other in 0..<StoryText.bandCount where other != band {
            if rowNibbles(sketch, band: other) == wanted ^ UInt64(band ^ other) { return true }
        }
        return false
    }
}
