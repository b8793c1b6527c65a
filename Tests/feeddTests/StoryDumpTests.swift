import FeedTesting
import Foundation
import Testing

/// `story_id` and `dump --collapse-stories` on the real binary: one article carried by a wire, an aggregator
/// (FeedBurner redirector with `feedburner:origLink`) and a local paper (its own URL, a trimmed copy).
@Suite(.serialized) struct StoryDumpTests {
    let workspace: CLIWorkspace
    var server: LoopbackServer { workspace.server }

    init() throws { workspace = try CLIWorkspace("stories", fixtures: CLIWorkspace.fixtures("cli-stories")) }

    /// A configuration of the first `count` feeds, in the order they are published, sharing one store.
    func config(feeds count: Int) throws -> String {
        try workspace.writeConfig(
            "defaults:\n  timeout: 10s\n  story_window: 3d\n",
            feeds: Array(["wire.rss", "aggregator.rss", "local.rss"].prefix(count)), file: "feedd-\(count).yaml")
    }

    func dump(_ config: String, _ extra: [String]) throws -> [[String: Any]] {
        let output = try FeeddProcess.run(["dump", "--config", config, "--lines"] + extra)
        #expect(output.status == 0, "dump failed: \(output.stderr)")
        return try output.stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func collapsedDumpPrintsEachStoryOnceWithTheOtherFeeds() throws {
        defer { workspace.close() }
        // The feeds appear one after the other, as the copies of the article would; a collapsed consumer reads
        // between the second and the third.
        for count in 1...2 {
            let fetch = try FeeddProcess.run(["fetch", "--config", try config(feeds: count)])
            #expect(fetch.status == 0, "\(fetch.stderr)")
        }
        let early = try dump(try config(feeds: 2), ["--consumer", "early", "--collapse-stories"])
        #expect(early.count == 2)
        #expect(
            early.first { $0["url"] as? String == "https://wire.example/news/harbour-bridge-closure" }?["also_in"]
                as? [String] == [server.url("/aggregator.rss")])
        let fetch = try FeeddProcess.run(["fetch", "--config", try config(feeds: 3)])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        // The local paper's copy of a story the consumer has is passed over; its other story is new.
        let later = try dump(try config(feeds: 3), ["--consumer", "early", "--collapse-stories"])
        #expect(later.map { $0["url"] as? String } == ["https://local.example/2026/03/alvarez"])

        let config = try config(feeds: 3)
        let all = try dump(config, ["--consumer", "plain"])
        #expect(all.count == 5)
        #expect(all.allSatisfy { $0["story_id"] is Int })
        let bridge = all.filter { ($0["title"] as? String)?.localizedCaseInsensitiveContains("bridge") ?? false }
        #expect(bridge.count == 3)
        #expect(Set(bridge.compactMap { $0["story_id"] as? Int }).count == 1, "one story: \(bridge)")
        #expect(Set(all.compactMap { $0["story_id"] as? Int }).count == 3)

        let collapsed = try dump(config, ["--consumer", "collapsed", "--collapse-stories"])
        #expect(collapsed.count == 3)
        let story = try #require(
            collapsed.first { $0["url"] as? String == "https://wire.example/news/harbour-bridge-closure" })
        #expect(
            Set(story["also_in"] as? [String] ?? [])
                == [server.url("/aggregator.rss"), server.url("/local.rss")])
        #expect(
            collapsed.filter { $0["url"] as? String != story["url"] as? String }.allSatisfy {
                ($0["also_in"] as? [String]) == []
            })
        // Exactly once: the cursor moved past every item, the passed-over copies included.
        #expect(try dump(config, ["--consumer", "collapsed", "--collapse-stories"]).isEmpty)
        #expect(try dump(config, ["--consumer", "collapsed"]).isEmpty)
    }
}
