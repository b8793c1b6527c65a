public import FeedModel
public import Foundation
import FeedXML

/// Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 documents into the ``Feed`` model, XML streaming: only one item (or one
/// channel-level element) is held as a subtree at a time.
public struct FeedParser: Sendable {
    /// Makes a parser (it holds no state; one can be shared).
    public init() {}

    /// Parses a feed document. `url` is the document URL (base for relative links; nil or "" = none),
    /// `contentType` the HTTP Content-Type header value if any (its charset matters, RFC 7303).
    public func parse(_ data: Data, url: String? = nil, contentType: String? = nil) throws(FeedParsingError) -> Feed {
        var bytes = [UInt8](data)
        guard bytes.contains(where: { !$0.isXMLSpace }) else { throw .empty }
        let documentURL = url?.nonEmpty
        if JSONFeedAdapter.looksLikeJSON(bytes) {
            // JSON Feed (jsonfeed.org): RFC 8259 §8.1 requires UTF-8, so none of the XML encoding work applies.
            var feed = try JSONFeedAdapter.parse(bytes, base: documentURL)
            feed.encoding = "utf-8"
            feed.sanitize()
            return feed
        }
        var encoding = DocumentEncoding.detect(bytes, contentType: contentType)
        if encoding.byteOrderMarkLength > 0 { bytes.removeFirst(encoding.byteOrderMarkLength) }
        if !encoding.asciiCompatible, let utf8 = WideTranscoder.utf8(bytes, encoding: encoding.override) {
            // Read wide encodings as UTF-8 so the byte-level repairs below apply to them too.
            bytes = utf8
            encoding.override = "UTF-8"
            encoding.asciiCompatible = true
        }
        if encoding.asciiCompatible, looksBinary(bytes) { throw .binary }
        let scope = Scope(base: documentURL, language: nil)
        var feed: Feed
        if encoding.asciiCompatible, let clean = readUntroubled(bytes, encoding: encoding, scope: scope) {
            feed = clean
        } else {
            feed = try readRepaired(&bytes, encoding: &encoding, scope: scope)
        }
        feed.encoding = encoding.name
        feed.sanitize()
        return feed
    }

    /// The feed, when libxml2 reads the document through without a single complaint; nil sends it through the
    /// repairs. Most documents are well-formed, and the repairs cost two scans of the whole document (UTF-8
    /// validation, references and comments) before libxml2 starts: so the first read gives up at libxml2's first
    /// error or warning. A document read without one has nothing the repairs would change, as each of them
    /// mends a well-formedness error libxml2 reports (invalid UTF-8, an undeclared or malformed reference, `--`
    /// in a comment): the two paths give the same feed. The price is paid by a document libxml2 complains about:
    /// its first read, up to the first complaint, is wasted.
    private func readUntroubled(_ bytes: [UInt8], encoding: DocumentEncoding, scope: Scope) -> Feed? {
        guard
            let reader = try? XMLPullReader(
                bytes: bytes, encoding: encoding.override, documentURL: scope.base, strict: true,
                utf8: encoding.name == "utf-8"),
            var feed = try? DocumentWalker.walk(reader, scope: scope, sniffedRoot: nil),
            reader.isClean
        else { return nil }
        feed.wellFormed = true
        return feed
    }

    /// The feed read after the repairs, recovering from what libxml2 complains about (see XMLPullReader); the
    /// repairs may change the bytes and, for a document labelled UTF-8 that is not, the encoding.
    private func readRepaired(_ bytes: inout [UInt8], encoding: inout DocumentEncoding, scope: Scope)
        throws(FeedParsingError) -> Feed
    {
        var repaired = false
        if encoding.asciiCompatible {
            if encoding.name == "utf-8" {
                switch UTF8Repair.verdict(bytes) {
                case .valid: break
                case .mended(let mended):
                    bytes = mended
                    repaired = true
                case .singleByte(let name):
                    encoding = DocumentEncoding(name: name.lowercased(), override: name, asciiCompatible: true)
                    repaired = true
                }
            }
            if let fixed = EntityRepair.repair(bytes) {
                bytes = fixed
                repaired = true
            }
        }
        do {
            let reader = try XMLPullReader(bytes: bytes, encoding: encoding.override, documentURL: scope.base)
            var feed = try DocumentWalker.walk(reader, scope: scope, sniffedRoot: firstElementName(bytes))
            feed.wellFormed = reader.wellFormed && !repaired
            return feed
        } catch let error as XMLReaderError {
            throw .unreadable(error.description)
        } catch let error as FeedParsingError {
            guard error.isHTML else { throw error }
            // A web page instead of its feed: name the feeds it advertises, so a caller can offer them.
            let candidates = FeedDiscovery.candidates(in: bytes, encoding: encoding.override, pageURL: scope.base)
            throw .html(candidates: candidates)
        } catch {
            throw .unreadable("\(error)")
        }
    }

    /// The name of the first element in the raw bytes, skipping the XML declaration, processing instructions,
    /// comments and the DOCTYPE (XML 1.0 §2.8 prolog).
    private func firstElementName(_ bytes: [UInt8]) -> String? {
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            let next = open + 1
            guard next < bytes.count else { return nil }
            if bytes[next] == UInt8(ascii: "?") || bytes[next] == UInt8(ascii: "!") {  // "<?" or "<!"
                guard let close = bytes[next...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                index = close + 1
                continue
            }
            var end = next
            while end < bytes.count,
                ![
                    UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ">"),
                    UInt8(ascii: "/"),
                ].contains(bytes[end])
            { end += 1 }
            return String(decoding: bytes[next..<end], as: UTF8.self)
        }
        return nil
    }

    /// NUL bytes never occur in an 8-bit encoded XML document (XML 1.0 §2.2 excludes U+0000), but fill images and
    /// archives; look at the first kilobyte only.
    private func looksBinary(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(1024).contains(0)
    }
}
