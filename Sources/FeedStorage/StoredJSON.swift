internal import CZstd
import Foundation
import GRDB
import Synchronization

/// An item's JSON as the store keeps it: a Zstandard frame (RFC 8878), or, in rows written before compression
/// came, the text itself. Once a store holds enough items it trains a dictionary on them (kept in the store, named
/// by its id in every frame it compressed): item JSON shares much (keys, markup, a feed's boilerplate), and a small
/// frame compressed against a dictionary is both smaller and faster to expand than one without.
///
/// Frames are told from JSON text by their first bytes: a frame begins with the magic number 28 B5 2F FD (RFC 8878
/// §3.1.1) and JSON text with `{`, so no column or migration says which a row holds.
package enum StoredJSON {
    /// The compression level: Zstandard's default, the best ratio per CPU second on item JSON (level 1 is no faster
    /// to decompress and compresses less).
    static let level: Int32 = 3

    /// Compresses one refresh's items: a Zstandard context made once and reused (making one per item, as
    /// `ZSTD_compress` does, costs more than compressing a small item).
    package final class Compressor {
        private let context: OpaquePointer
        private let dictionary: Dictionary?

        package init(dictionary: Dictionary? = nil) {
            context = ZSTD_createCCtx()
            self.dictionary = dictionary
        }

        deinit { ZSTD_freeCCtx(context) }

        /// The frame of `json`; the frame records its content size, so expanding it needs no guess.
        package func compress(_ json: [UInt8]) -> [UInt8] {
            let bound = ZSTD_compressBound(json.count)
            var frame = [UInt8](repeating: 0, count: bound)
            let size = json.withUnsafeBytes { source in
                frame.withUnsafeMutableBytes { target in
                    if let dictionary {
                        ZSTD_compress_usingCDict(
                            context, target.baseAddress, bound, source.baseAddress, source.count,
                            dictionary.compression)
                    } else {
                        ZSTD_compressCCtx(context, target.baseAddress, bound, source.baseAddress, source.count, level)
                    }
                }
            }
            // Compressing into a buffer of ZSTD_compressBound bytes cannot fail; keep the text should it ever do.
            guard ZSTD_isError(size) == 0 else { return json }
            frame.removeLast(bound - size)
            return frame
        }
    }

    /// Expands the rows of one read, with one reused Zstandard context; a frame compressed against a dictionary
    /// finds it through `dictionaries` (by the id the frame names; nil when the store holds no such dictionary).
    package final class Expander {
        private let context: OpaquePointer
        private let dictionaries: (UInt32) throws -> Dictionary?

        package init(dictionaries: @escaping (UInt32) throws -> Dictionary?) {
            context = ZSTD_createDCtx()
            self.dictionaries = dictionaries
        }

        /// Finds dictionaries in the SQLite store `db`.
        convenience init(_ db: Database) {
            self.init(dictionaries: { id in try StoredJSON.dictionary(id, in: db) })
        }

        deinit { ZSTD_freeDCtx(context) }

        /// Appends the JSON text that `stored` holds to `out`; false (nothing appended) when it is neither JSON
        /// text nor a whole frame, or names a dictionary the store does not hold.
        package func expand(_ stored: UnsafeRawBufferPointer, into out: inout [UInt8]) throws -> Bool {
            guard isFrame(stored) else {
                out.append(contentsOf: stored)
                return true
            }
            let size = ZSTD_getFrameContentSize(stored.baseAddress, stored.count)
            // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest values; no item is that large.
            guard size < UInt64(Int32.max) else { return false }
            let id = ZSTD_getDictID_fromFrame(stored.baseAddress, stored.count)
            var dictionary: Dictionary?
            if id != 0 {
                dictionary = try dictionaries(id)
                guard dictionary != nil else { return false }
            }
            let start = out.count
            let count = Int(size)
            var written = 0
            out.append(contentsOf: repeatElement(0, count: count))
            out.withUnsafeMutableBytes { target in
                let base = target.baseAddress! + start
                if let dictionary {
                    written = ZSTD_decompress_usingDDict(
                        context, base, count, stored.baseAddress, stored.count, dictionary.decompression)
                } else {
                    written = ZSTD_decompressDCtx(context, base, count, stored.baseAddress, stored.count)
                }
            }
            guard ZSTD_isError(written) == 0, written == count else {
                out.removeLast(out.count - start)
                return false
            }
            return true
        }

        /// The JSON text that `stored` holds, nil when it is damaged.
        package func text(_ stored: UnsafeRawBufferPointer) throws -> [UInt8]? {
            var out: [UInt8] = []
            return try expand(stored, into: &out) ? out : nil
        }
    }

    /// Whether the bytes begin with a Zstandard frame's magic number.
    static func isFrame(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= magic.count && magic.indices.allSatisfy { bytes[$0] == magic[$0] }
    }

    /// A frame's first four bytes (RFC 8878 §3.1.1).
    static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
}
