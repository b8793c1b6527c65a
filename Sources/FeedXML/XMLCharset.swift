internal import CLibXML2

/// The character sets the XML reader can decode (libxml2's own, and iconv's through it).
public enum XMLCharset {
    /// Whether a document declared in `name` can be read (libxml2 finds a decoder for it).
    public static func isSupported(_ name: String) -> Bool {
        guard let handler = xmlFindCharEncodingHandler(name) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }
}
