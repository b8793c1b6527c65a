import FeedModel
import FeedApp
import ArgumentParser

import Foundation

extension Feedd {
    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse local feed files and print their JSON (one file: an object; several: JSON Lines).")

        @Option(help: "The document's URL, the base for relative links.")
        var url: String?

        @Option(help: "The HTTP Content-Type the document came with (its charset is used).")
        var contentType: String?

        @Flag(help: "Indent the JSON.")
        var pretty = false

        @Argument(help: "Feed files.")
        var files: [String]

        func run() async throws {

            let encoder = FeedJSON.encoder(pretty: pretty && files.count == 1)
            var failed = false
            for file in files {
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: file))
                    let feed = try Application.parseDocument(
                        data, url: url.flatMap { $0.isEmpty ? nil : $0 }, contentType: contentType)
                    print(String(decoding: try encoder.encode(feed), as: UTF8.self))
                } catch {
                    failed = true
                    printError("\(file): \(error)")
                    // Several files print one line each, so a reader can pair lines with files.
                    if files.count > 1 {
                        let line = try encoder.encode(["error": "\(error)"])
                        print(String(decoding: line, as: UTF8.self))
                    }
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
