/// Why the XML reader could not start on a document.
public struct XMLReaderError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case emptyDocument
        case readerCreationFailed
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// The document had no bytes.
    public static let emptyDocument = XMLReaderError(.emptyDocument)
    /// libxml2 refused to create a reader (out of memory, or an encoding it cannot decode).
    public static let readerCreationFailed = XMLReaderError(.readerCreationFailed)

    /// A sentence naming the cause.
    public var description: String {
        switch kind {
        case .emptyDocument: "the XML document is empty"
        case .readerCreationFailed: "libxml2 could not start reading the document (unknown encoding or no memory)"
        }
    }
}
