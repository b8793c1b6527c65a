import FeedModel
import Foundation
import Testing

@testable import FeedStorage

@Suite("Disk full") struct DiskFullTests {
    let url = "https://full.example/rss"

    /// Items with a few KiB of text each, so that a refresh of them needs many pages.
    func bulky(_ count: Int, prefix: String) -> [Item] {
        (0..<count).map { index in
            var item = item("\(prefix)-\(index)")
            item.contentHTML = "<p>" + String(repeating: "story \(prefix) \(index) ", count: 200) + "</p>"
            return item
        }
    }

    @Test("a refresh that does not fit fails with a named error; the store is intact and nothing of it is written")
    func refreshThatDoesNotFit() async throws {
        try await withTemporaryStore { store, path async throws in
            _ = try await store.commit(updated(url, bulky(5, prefix: "first")))
            let before = try await store.items(after: 0, limit: nil)
            let feedBefore = try await store.feed(url: url)
            // SQLite's max_page_count stands for the disk: the file may not grow past a few more pages.
            let pages = try #require(Int(try await store.pragma("page_count") ?? ""))
            try await store.execute(sql: "PRAGMA max_page_count = \(pages + 4)")

            let error = await #expect(throws: FeedStorageError.self) {
                try await store.commit(updated(self.url, self.bulky(300, prefix: "second"), at: 60))
            }
            #expect(error?.isDiskFull == true)
            #expect(error?.description.contains("is full") == true, "\(String(describing: error))")
            #expect(error?.description.contains(path) == true)

            // Nothing half-written: the same items, the feed's poll state untouched, the store consistent.
            #expect(try await store.items(after: 0, limit: nil) == before)
            #expect(try await store.feed(url: url) == feedBefore)
            #expect(try await store.pragma("integrity_check") == "ok")
            #expect(try await store.verify().isEmpty)

            // Once there is room again the same refresh commits whole.
            try await store.execute(sql: "PRAGMA max_page_count = 1073741823")
            let summary = try await store.commit(updated(url, bulky(300, prefix: "second"), at: 60))
            #expect(summary.newItems == 300)
        }
    }
}
