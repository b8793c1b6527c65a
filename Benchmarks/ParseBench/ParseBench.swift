import FeedParsing
import Foundation

/// `feedd-parse-bench FILE...`: parses every file with ``FeedParser`` in this one process and prints one JSON line
/// (files, bytes, items, errors, parse seconds). Each file is read before its parse starts, and only the parse is
/// timed, as `../shared/bench/parse_bench.py` does for the Python parsers. `Benchmarks/bench_parse.sh` runs it.
@main
struct ParseBench {
    static func main() throws {
        let paths = Array(CommandLine.arguments.dropFirst())
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: feedd-parse-bench FILE...\n".utf8))
            exit(2)
        }
        let parser = FeedParser()
        let clock = ContinuousClock()
        var parseTime = Duration.zero
        var bytes = 0
        var items = 0
        var errors = 0
        for path in paths {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes += data.count
            let start = clock.now
            do {
                items += try parser.parse(data).items.count
            } catch {
                errors += 1
                FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
            }
            parseTime += clock.now - start
        }
        let seconds = Double(parseTime.components.seconds) + Double(parseTime.components.attoseconds) / 1e18
        print(
            "{\"files\": \(paths.count), \"bytes\": \(bytes), \"items\": \(items), \"errors\": \(errors),"
                + " \"parse_s\": \(seconds)}")
    }
}
