import FeedXML

extension XMLElement {
    /// The subtree with elements of namespace `from` moved to `to`. feedparser reads a `feed` root in no or an
    /// unknown namespace as Atom, so feedd maps such documents onto the Atom namespace before adapting them.
    func movingNamespace(_ from: String, to: String) -> XMLElement {
        var copy = self
        if copy.tag.namespace == from { copy.tag.namespace = to }
        copy.children = children.map { child in
            if case .element(let element) = child { return .element(element.movingNamespace(from, to: to)) }
            return child
        }
        return copy
    }
}
