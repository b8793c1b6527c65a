internal import CZstd
import Foundation
import GRDB
import Synchronization

extension StoredJSON {
    /// A trained dictionary, digested for both directions. Zstandard's digested dictionaries are read-only once
    /// made and may serve several contexts on several threads at once (zstd.h, "Bulk processing dictionary API"),
    /// which is what makes sharing this holder of their pointers safe.
    package final class Dictionary: @unchecked Sendable {
        /// The id every frame compressed against it carries: a hash of its content (zdict.h), so one id names one
        /// dictionary in every store.
        let id: UInt32
        let bytes: [UInt8]
        let compression: OpaquePointer
        let decompression: OpaquePointer

        /// Nil when the bytes are not a Zstandard dictionary.
        init?(_ bytes: [UInt8]) {
            let id = bytes.withUnsafeBytes { ZSTD_getDictID_fromDict($0.baseAddress, $0.count) }
            guard id != 0,
                let compression = bytes.withUnsafeBytes({ ZSTD_createCDict($0.baseAddress, $0.count, level) }),
                let decompression = bytes.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) })
            else { return nil }
            self.id = id
            self.bytes = bytes
            self.compression = compression
            self.decompression = decompression
        }

        deinit {
            ZSTD_freeCDict(compression)
            ZSTD_freeDDict(decompression)
        }
    }

    /// How many items a store holds before it trains its dictionary, and how many of the newest it trains on.
    static let trainingItems = 4_000
    /// The most text it trains on: about 130 times the dictionary's size, past which a larger sample improved
    /// the next items' compression by 2 % on the bench corpus and cost its size in memory once more.
    static let trainingBytes = 8 << 20

    /// Sample texts for training, one after the other in `joined`, each one's length in `sizes`.
    struct Samples: Sendable {
        var joined: [UInt8] = []
        var sizes: [Int] = []
    }
    /// The dictionary's size: Zstandard's advice for small data is about 100 times smaller than the samples.
    static let dictionaryCapacity = 64 * 1024

    /// Dictionaries already digested in this process, by id (a cache: anything not in it is read from the store).
    static let digested = Mutex<[UInt32: Dictionary]>([:])

    /// The dictionary with this id, from this process's digested ones or else from the store; nil when the store
    /// has none by that id.
    static func dictionary(_ id: UInt32, in db: Database) throws -> Dictionary? {
        if let known = digested.withLock({ $0[id] }) { return known }
        guard let blob = try Data.fetchOne(db, sql: "SELECT bytes FROM codec_dictionary WHERE id = ?", arguments: [id]),
            let dictionary = Dictionary(Array(blob))
        else { return nil }
        digested.withLock { $0[id] = dictionary }
        return dictionary
    }

    /// The dictionary new items are compressed with: the store's first (two processes may each have trained one).
    static func current(in db: Database) throws -> Dictionary? {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM codec_dictionary ORDER BY created_at, id LIMIT 1")
        else { return nil }
        return try dictionary(UInt32(id), in: db)
    }

    /// The id of the dictionary a frame was compressed against, 0 for none.
    static func dictionaryID(ofFrame frame: UnsafeRawBufferPointer) -> UInt32 {
        ZSTD_getDictID_fromFrame(frame.baseAddress, frame.count)
    }

    /// A dictionary trained on these JSON texts; nil when Zstandard finds too little in them to build one.
    ///
    /// FastCover with one set of parameters (segments of 1000 bytes, 8-byte d-mers) rather than
    /// `ZDICT_trainFromBuffer`, which tries several at several times the cost for a dictionary that compressed the
    /// next items no better (zdict.h documents the parameters).
    static func train(_ samples: Samples) -> [UInt8]? {
        var trainer = ZDICT_fastCover_params_t()
        trainer.k = 1000
        trainer.d = 8
        trainer.f = 20
        trainer.accel = 1
        trainer.zParams.compressionLevel = level
        let sizes = samples.sizes
        var dictionary = [UInt8](repeating: 0, count: dictionaryCapacity)
        let size = samples.joined.withUnsafeBytes { source in
            dictionary.withUnsafeMutableBytes { target in
                ZDICT_trainFromBuffer_fastCover(
                    target.baseAddress, target.count, source.baseAddress, sizes, UInt32(sizes.count), trainer)
            }
        }
        guard ZDICT_isError(size) == 0 else { return nil }
        return Array(dictionary.prefix(size))
    }
}
