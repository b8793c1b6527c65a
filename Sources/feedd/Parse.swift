import FeedModel
import FeedApp
import ArgumentParser

import Foundation

extension Feedd {
    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "parse",
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
            var failed = false
            for file in files {
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: file))
                    let feed = try Application.parseDocument(
                        data, url: url.flatMap { $0.isEmpty ? nil : $0 }, contentType: contentType)
                    var line = try Application.documentJSON(feed, pretty: pretty && files.count == 1)
                    line.append(UInt8(ascii: "\n"))
                    try FileDescriptorSink.standardOutput.write(line)
                } catch {
                    failed = true
                    printError("\(file): \(error)")
                    // Several files print one line each, so a reader can pair lines with files.
                    if files.count > 1 {
                        let line = try FeedJSON.encoder().encode(["error": "\(error)"])
                        try FileDescriptorSink.standardOutput.write(Array(line) + [UInt8(ascii: "\n")])
                    }
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
