internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// An internal general entity a DOCTYPE declares with plain text (XML 1.0 §4.2.1), in the two forms libxml2 is
/// shown: in content it looks like a predefined entity (`&amp;`), whose text libxml2 passes to `characters`
/// as is, without parsing it as markup or looking at nested references; in an attribute value it is a general
/// entity already checked, which libxml2 writes back as `&name;` for ``SAXEventSink`` to replace.
struct DeclaredEntity {
    let text: String
    let inContent: UnsafeMutablePointer<xmlEntity>
    let inAttribute: UnsafeMutablePointer<xmlEntity>

    init(name: UnsafePointer<xmlChar>, content: UnsafePointer<xmlChar>, length: Int) {
        text = String(decoding: UnsafeBufferPointer(start: content, count: length), as: UTF8.self)
        func make(_ type: xmlEntityType) -> UnsafeMutablePointer<xmlEntity> {
            let entity = UnsafeMutablePointer<xmlEntity>.allocate(capacity: 1)
            entity.initialize(to: xmlEntity())
            entity.pointee.type = XML_ENTITY_DECL
            entity.pointee.etype = type
            entity.pointee.name = UnsafePointer(xmlStrdup(name))
            entity.pointee.content = xmlStrdup(content)
            entity.pointee.length = Int32(length)
            // Even and non-zero: "checked, and no `<` in the replacement text" (libxml2's entities.h).
            entity.pointee.checked = 2
            return entity
        }
        inContent = make(XML_INTERNAL_PREDEFINED_ENTITY)
        inAttribute = make(XML_INTERNAL_GENERAL_ENTITY)
    }

    /// The stand-in for a parameter entity (see ``SAXEventSink/parameterEntity(_:)``): a name and nothing to read.
    static func parameter(_ name: UnsafePointer<xmlChar>) -> UnsafeMutablePointer<xmlEntity> {
        let entity = UnsafeMutablePointer<xmlEntity>.allocate(capacity: 1)
        entity.initialize(to: xmlEntity())
        entity.pointee.type = XML_ENTITY_DECL
        entity.pointee.etype = XML_EXTERNAL_PARAMETER_ENTITY
        entity.pointee.name = UnsafePointer(xmlStrdup(name))
        return entity
    }

    /// Frees a stand-in and what it holds. libxml2 hands over one thing of its own: after a declaration it looks
    /// the entity up and keeps the raw value in `orig` (its "ugly mechanism to save the raw entity value").
    static func free(_ entity: UnsafeMutablePointer<xmlEntity>) {
        CLibXML2_free(UnsafeMutableRawPointer(mutating: entity.pointee.name))
        if let content = entity.pointee.content { CLibXML2_free(content) }
        if let original = entity.pointee.orig { CLibXML2_free(original) }
        entity.deallocate()
    }

    func free() {
        Self.free(inContent)
        Self.free(inAttribute)
    }
}

extension SAXEventSink {
    /// `entityDecl`: keeps an internal general entity whose replacement text is plain (no `&`, so no nested
    /// reference and no billion laughs; no `<`, so no markup). A parameter entity keeps only its name (see
    /// ``parameterEntity(_:)``); external general entities are ignored: nothing of theirs is ever read. The first
    /// declaration of a name binds (XML 1.0 §4.2).
    mutating func declare(_ name: UnsafePointer<xmlChar>?, type: Int32, content: UnsafePointer<xmlChar>?) {
        guard let name else { return }
        let key = String(cString: name)
        if type == Int32(XML_INTERNAL_PARAMETER_ENTITY.rawValue)
            || type == Int32(XML_EXTERNAL_PARAMETER_ENTITY.rawValue)
        {
            if parameterEntities[key] == nil { parameterEntities[key] = DeclaredEntity.parameter(name) }
            return
        }
        guard let content, type == Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue) else { return }
        guard entities[key] == nil else { return }
        var length = 0
        while content[length] != 0 {
            if content[length] == UInt8(ascii: "&") || content[length] == UInt8(ascii: "<") || length >= entityBudget {
                return
            }
            length += 1
        }
        entities[key] = DeclaredEntity(name: name, content: content, length: length)
    }

    /// `getEntity`: a declared text entity, while the 1 MiB budget of entity text lasts. The budget bounds the
    /// "quadratic blowup" attack (one large entity referenced many times); past it a reference is undeclared,
    /// which libxml2 reports as an error (the document counts as ill-formed) and drops.
    mutating func entity(_ name: UnsafePointer<xmlChar>?) -> UnsafeMutablePointer<xmlEntity>? {
        guard let name, let entity = entities[String(cString: name)] else { return nil }
        let length = Int(entity.inContent.pointee.length)
        guard length <= entityBudget else {
            entityBudget = 0
            return nil
        }
        entityBudget -= length
        // libxml2 reads attribute values in the attribute-value state (within a start tag), text in the content
        // state.
        let state = parser?.pointee.instate
        let inAttribute = state == XML_PARSER_ATTRIBUTE_VALUE || state == XML_PARSER_START_TAG
        return inAttribute ? entity.inAttribute : entity.inContent
    }

    /// `getParameterEntity`: a declared parameter entity, always shown as external, which libxml2 never loads
    /// without `NOENT`, `DTDLOAD`, `DTDATTR` or validation. So `%name;` in a DOCTYPE reads nothing (XHTML's
    /// entity sets are not fetched), yet counts as declared: the document stays well-formed, as with libxml2's
    /// own handler.
    func parameterEntity(_ name: UnsafePointer<xmlChar>?) -> UnsafeMutablePointer<xmlEntity>? {
        guard let name else { return nil }
        return parameterEntities[String(cString: name)]
    }

    /// A SAX2 handler whose every callback lands in the sink behind the user-data pointer. None of libxml2's
    /// own SAX2 callbacks is installed: they would build a tree and expand entities.
    static func handler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = 0xDEED_BEAF  // XML_SAX2_MAGIC: the handler has the namespace-aware callbacks
        handler.startElementNs = { context, localName, prefix, uri, _, _, attributeCount, _, attributes in
            sink(context).pointee.start(localName, prefix, uri, Int(attributeCount), attributes)
        }
        handler.endElementNs = { context, _, _, _ in sink(context).pointee.end() }
        handler.characters = { context, text, length in sink(context).pointee.characters(text, Int(length)) }
        handler.cdataBlock = handler.characters
        handler.ignorableWhitespace = handler.characters
        handler.entityDecl = { context, name, type, _, _, content in
            sink(context).pointee.declare(name, type: type, content: content)
        }
        handler.processingInstruction = { context, target, _ in sink(context).pointee.processingInstruction(target) }
        handler.getEntity = { context, name in sink(context).pointee.entity(name) }
        handler.getParameterEntity = { context, name in sink(context).pointee.parameterEntity(name) }
        handler.serror = { context, error in
            guard let error else { return }
            sink(context).pointee.error(error)
        }
        return handler
    }
}

/// The sink behind a callback's context pointer (the reader keeps it alive for the parser's life).
private func sink(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<SAXEventSink> {
    context!.assumingMemoryBound(to: SAXEventSink.self)
}
