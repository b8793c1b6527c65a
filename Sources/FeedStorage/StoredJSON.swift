internal import CZstd

/// An item's JSON as the store keeps it: a Zstandard frame (RFC 8878), about 2.3 times smaller than the text for
/// the HTML-heavy JSON of feed items, or, in rows written before compression came, the text itself.
///
/// The two are told apart by their first bytes: a frame begins with the magic number 28 B5 2F FD (RFC 8878
/// §3.1.1) and JSON text with `{`, so no column or migration says which a row holds.
enum StoredJSON {
    /// The compression level: Zstandard's default, the best ratio per CPU second on item JSON (level 1 is no faster
    /// to decompress and compresses less).
    static let level: Int32 = 3

    /// Compresses one refresh's items: a Zstandard context made once and reused (making one per item, as
    /// `ZSTD_compress` does, costs more than compressing a small item).
    final class Compressor {
        private let context: OpaquePointer

        init() { context = ZSTD_createCCtx() }

        deinit { ZSTD_freeCCtx(context) }

        /// The frame of `json`; the frame records its content size, so expanding it needs no guess.
        func compress(_ json: [UInt8]) -> [UInt8] {
            let bound = ZSTD_compressBound(json.count)
            var frame = [UInt8](repeating: 0, count: bound)
            let size = json.withUnsafeBytes { source in
                frame.withUnsafeMutableBytes { target in
                    ZSTD_compressCCtx(context, target.baseAddress, bound, source.baseAddress, source.count, level)
                }
            }
            // Compressing into a buffer of ZSTD_compressBound bytes cannot fail; keep the text should it ever do.
            guard ZSTD_isError(size) == 0 else { return json }
            frame.removeLast(bound - size)
            return frame
        }
    }

    /// Expands the rows of one read, with one reused Zstandard context.
    final class Expander {
        private let context: OpaquePointer

        init() { context = ZSTD_createDCtx() }

        deinit { ZSTD_freeDCtx(context) }

        /// Appends the JSON text that `stored` holds to `out`; false (nothing appended) when it is neither JSON
        /// text nor a whole frame.
        func expand(_ stored: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
            guard isFrame(stored) else {
                out.append(contentsOf: stored)
                return true
            }
            let size = ZSTD_getFrameContentSize(stored.baseAddress, stored.count)
            // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest values; no item is that large.
            guard size < UInt64(Int32.max) else { return false }
            let start = out.count
            let count = Int(size)
            var written = 0
            out.append(contentsOf: repeatElement(0, count: count))
            out.withUnsafeMutableBytes { target in
                written = ZSTD_decompressDCtx(
                    context, target.baseAddress! + start, count, stored.baseAddress, stored.count)
            }
            guard ZSTD_isError(written) == 0, written == count else {
                out.removeLast(out.count - start)
                return false
            }
            return true
        }

        /// The JSON text that `stored` holds, nil when it is damaged.
        func text(_ stored: UnsafeRawBufferPointer) -> [UInt8]? {
            var out: [UInt8] = []
            return expand(stored, into: &out) ? out : nil
        }
    }

    /// Whether the bytes begin with a Zstandard frame's magic number.
    static func isFrame(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= magic.count && magic.indices.allSatisfy { bytes[$0] == magic[$0] }
    }

    /// A frame's first four bytes (RFC 8878 §3.1.1).
    static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
}
