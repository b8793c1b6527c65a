extension HTMLSanitizer {
    /// Elements kept (feedparser's `acceptable_elements`, without form controls: a form in a feed item can post a
    /// reader's input anywhere, so forms are unwrapped to their text; and without `noscript`, whose content a
    /// browser running scripts reads as raw text, unlike libxml2).
    static let allowedElements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
        "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid", "datalist", "dd",
        "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "event-source", "fieldset", "figcaption",
        "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd",
        "label", "legend", "li", "m", "map", "mark", "menu", "meter", "multicol", "nav", "nextid", "ol",
        "output", "p", "pre", "progress", "q", "s", "samp", "section", "small", "sound", "source", "spacer", "span",
        "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
        "tt", "u", "ul", "var", "video", "wbr",
    ]

    /// Elements removed with everything inside them: their content is code, style sheets or document metadata.
    /// Frames and plug-ins (`iframe`, `object`, `embed`, `frameset`, `noembed`) are unwrapped instead, like any
    /// other element not allowed: their fallback content is text for readers without them, and it passes the
    /// same allowlist (feedparser keeps it too).
    static let droppedWithContent: Set<String> = [
        "script", "style", "applet", "template", "head", "title", "svg", "math", "param", "base", "meta", "link",
    ]

    /// HTML void elements (WHATWG HTML §13.1.2), written `<br />` as feedparser does.
    static let voidElements: Set<String> = [
        "area", "br", "col", "command", "hr", "img", "input", "source", "track", "wbr", "spacer", "keygen",
    ]

    /// Attributes kept (feedparser's `acceptable_attributes`): no `on…` event handlers, no `style`.
    static let allowedAttributes: Set<String> = [
        "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt", "autocomplete", "autofocus",
        "axis", "background", "balance", "bgcolor", "bgproperties", "border", "bordercolor", "bordercolordark",
        "bordercolorlight", "bottompadding", "cellpadding", "cellspacing", "ch", "challenge", "char", "charoff",
        "charset",
        "checked", "choff", "cite", "class", "clear", "color", "cols", "colspan", "compact", "contenteditable",
        "controls", "coords", "data", "datafld", "datapagesize", "datasrc", "datetime", "default", "delay", "dir",
        "disabled", "draggable", "dynsrc", "enctype", "end", "face", "for", "form", "frame", "galleryimg", "gutter",
        "headers", "height", "hidden", "hidefocus", "high", "href", "hreflang", "hspace", "icon", "id", "inputmode",
        "ismap", "keytype", "label", "lang", "leftspacing", "list", "longdesc", "loop", "loopcount", "loopend",
        "loopstart", "low", "lowsrc", "max", "maxlength", "media", "method", "min", "multiple", "name", "nohref",
        "noshade", "nowrap", "open", "optimum", "pattern", "ping", "point-size", "poster", "pqg", "preload",
        "prompt", "radiogroup", "readonly", "rel", "repeat-max", "repeat-min", "replace", "required", "rev",
        "rightspacing", "rows", "rowspan", "rules", "scope", "selected", "shape", "size", "span", "src", "start",
        "step", "summary", "suppress", "tabindex", "target", "template", "title", "toppadding", "type",
        "unselectable", "urn", "usemap", "valign", "value", "variable", "volume", "vrml", "vspace", "width", "wrap",
        "xml:lang",
    ]

    /// Attributes whose value is a URL a browser may load or follow.
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "background", "cite", "data", "dynsrc", "longdesc", "lowsrc", "poster", "usemap",
        "ping", "icon",
    ]
}
