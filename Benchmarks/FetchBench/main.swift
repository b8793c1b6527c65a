// feedd-fetch-bench: fetches every URL of a list once through FeedFetching alone (no parser, no store) and
// prints what came back, so that `make bench-fetch` can time the fetcher beside curl on the same URLs.
//
// usage: feedd-fetch-bench URLS [--concurrency N] [--per-host N] [--min-host-gap-ms N]
//                          [--validators-in FILE] [--validators-out FILE] [--user-agent UA] [--insecure]
// URLS has one URL per line. Validators files hold `url<TAB>etag<TAB>last-modified` lines: --validators-out
// writes those of the responses (the cold run), --validators-in sends them back (the warm run: all 304).
// Prints one JSON line of totals on stdout; each failure on stderr; exits 1 if any fetch failed.
// Proxies come from the environment (http_proxy, https_proxy, no_proxy), as in feedd.
import FeedFetching
import FeedModel
import Foundation

struct Options {
    var urlsFile = ""
    var concurrency = 16
    var perHost = 2
    var minHostGapMillis = 0
    var validatorsIn: String?
    var validatorsOut: String?
    var userAgent = "feedd-fetch-bench/1.0"
    var insecure = false

    static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if !argument.hasPrefix("--") {
                options.urlsFile = argument
                continue
            }
            if argument == "--insecure" {
                options.insecure = true
                continue
            }
            guard let value = rest.popFirst() else { return nil }
            switch argument {
            case "--concurrency": options.concurrency = Int(value) ?? 0
            case "--per-host": options.perHost = Int(value) ?? 0
            case "--min-host-gap-ms": options.minHostGapMillis = Int(value) ?? -1
            case "--validators-in": options.validatorsIn = value
            case "--validators-out": options.validatorsOut = value
            case "--user-agent": options.userAgent = value
            default: return nil
            }
        }
        let valid = !options.urlsFile.isEmpty && options.concurrency > 0 && options.perHost > 0
        return valid && options.minHostGapMillis >= 0 ? options : nil
    }
}

/// One fetch's result, reduced to what the totals and the validators file need.
struct Outcome: Sendable {
    var url: String
    var status: Int
    var bodyBytes: Int
    var wireBytes: Int
    var validators: HTTPValidators
    var error: String?
}

func readLines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
}

func readValidators(_ path: String) throws -> [String: HTTPValidators] {
    var table: [String: HTTPValidators] = [:]
    for line in try readLines(path) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3 else { continue }
        table[fields[0]] = HTTPValidators(
            etag: fields[1].isEmpty ? nil : fields[1], lastModified: fields[2].isEmpty ? nil : fields[2])
    }
    return table
}

func fetchAll(_ urls: [String], options: Options, validators: [String: HTTPValidators]) async -> [Outcome] {
    let fetcher = FeedFetcher(
        concurrency: options.concurrency, perHost: options.perHost,
        minimumHostGap: .milliseconds(options.minHostGapMillis))
    defer { fetcher.shutdown() }
    // Every fetch is handed to the fetcher at once, as `feedd fetch` does: the fetcher's own queue applies the
    // concurrency and per-host limits.
    return await withTaskGroup(of: Outcome.self) { group in
        for url in urls {
            let request = FetchRequest(
                url: url, validators: validators[url] ?? HTTPValidators(), userAgent: options.userAgent,
                insecure: options.insecure)
            group.addTask {
                do {
                    let response = try await fetcher.fetch(request)
                    return Outcome(
                        url: url, status: response.status, bodyBytes: response.body.count,
                        wireBytes: response.downloadedBytes, validators: response.validators)
                } catch {
                    return Outcome(
                        url: url, status: 0, bodyBytes: 0, wireBytes: 0, validators: HTTPValidators(),
                        error: "\(error)")
                }
            }
        }
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(urls.count)
        for await outcome in group { outcomes.append(outcome) }
        return outcomes
    }
}

guard let options = Options.parse(Array(CommandLine.arguments.dropFirst())) else {
    FileHandle.standardError.write(Data("usage: feedd-fetch-bench URLS [--concurrency N] [--per-host N] ...\n".utf8))
    exit(2)
}
do {
    let urls = try readLines(options.urlsFile)
    let validators = try options.validatorsIn.map(readValidators) ?? [:]
    let started = ContinuousClock.now
    let outcomes = await fetchAll(urls, options: options, validators: validators)
    let elapsed = ContinuousClock.now - started
    var statuses: [Int: Int] = [:]
    for outcome in outcomes { statuses[outcome.status, default: 0] += 1 }
    let failures = outcomes.compactMap { outcome in outcome.error.map { "\(outcome.url): \($0)" } }
    for failure in failures { FileHandle.standardError.write(Data((failure + "\n").utf8)) }
    if let path = options.validatorsOut {
        let lines = outcomes.filter { $0.error == nil }.map {
            "\($0.url)\t\($0.validators.etag ?? "")\t\($0.validators.lastModified ?? "")\n"
        }
        try lines.sorted().joined().write(toFile: path, atomically: true, encoding: .utf8)
    }
    let statusText = statuses.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        "{\"urls\": \(urls.count), \"statuses\": {\(statusText)}, \"failed\": \(failures.count), "
            + "\"body_bytes\": \(outcomes.reduce(0) { $0 + $1.bodyBytes }), "
            + "\"wire_bytes\": \(outcomes.reduce(0) { $0 + $1.wireBytes }), \"seconds\": \(seconds)}")
    exit(failures.isEmpty ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("feedd-fetch-bench: \(error)\n".utf8))
    exit(2)
}
