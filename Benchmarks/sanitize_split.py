#!/usr/bin/env python3
"""sanitize_split.py - splits the failures of feedparser's wellformed/sanitize tests into security failures and
failures of form only.

usage: sanitize_split.py REPORT.json TESTS_DIR FEEDD [--list]

REPORT.json is the harness's --report of a run over wellformed/sanitize (make sanitize-split writes it). For each
failed test the feed is parsed again with `FEEDD parse`, and every string of the JSON is read with Python's
html.parser. A failure is a *security* failure when that output still holds something the sanitizer must remove:
a script/style/frame/iframe/object/embed/applet/form/meta/link/base element, an on* event handler, a style
attribute whose CSS could load or run something (url(), expression(), behavior, binding, @import, escapes), a javascript:/vbscript:/data: URL (browsers skip ASCII whitespace and controls in the scheme, WHATWG URL
basic URL parser), or a comment (old IE ran conditional comments). Every other failure is of *form* only; those
whose output equals the expected value once both are normalised (tag and attribute names lower-case, attributes
sorted, `<br>` = `<br />`, character references decoded, whitespace collapsed) are counted as "serialisation".
Exit status 1 when any security failure remains.
"""
import ast
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

UNSAFE_ELEMENTS = {"script", "style", "frame", "frameset", "iframe", "object", "embed", "applet", "form", "meta",
                   "link", "base", "noscript", "xml", "xss", "svg", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "background", "dynsrc", "lowsrc", "cite", "longdesc", "usemap",
                  "formaction", "poster", "data", "codebase", "xlink:href"}


def unsafe_scheme(value):
    scheme = "".join(ch for ch in value.split(":", 1)[0] if ord(ch) > 0x20).lower()
    return ":" in value and scheme in ("javascript", "vbscript", "data")


def unsafe_style(css):
    """CSS that can load or run something: url(), expression(), behavior, -moz-binding, @import, escapes and
    comments that could spell those, or any parenthesis other than a list of numbers such as rgb(0, 128, 0)."""
    lowered = css.lower()
    if any(word in lowered for word in ("url", "expression", "script", "behavior", "binding", "import")):
        return True
    if any(ch in css for ch in "\\/*@<>&"):
        return True
    return bool(re.search(r"\((?![\d,\s%]*\))", css))


class Scan(HTMLParser):
    """Collects what is unsafe in one HTML string, and a normal form of its tokens."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        if tag in UNSAFE_ELEMENTS:
            self.problems.append("<%s>" % tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append("%s= handler" % name)
            elif name == "style" and unsafe_style(value or ""):
                self.problems.append("style=%s" % (value or "")[:30])
            elif name in URL_ATTRIBUTES and value and unsafe_scheme(value):
                self.problems.append("%s=%s" % (name, value[:30]))
        self.tokens.append(("start", tag, tuple(sorted((n, v or "") for n, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in ("br", "img", "hr", "input", "area", "col", "param", "wbr", "source", "track"):
            self.tokens.append(("end", tag))

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            if self.tokens and self.tokens[-1][0] == "text":
                self.tokens[-1] = ("text", self.tokens[-1][1] + " " + text)
            else:
                self.tokens.append(("text", text))

    def handle_comment(self, data):
        self.problems.append("comment")


def scan(html):
    parser = Scan()
    parser.feed(html)
    parser.close()
    return parser


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def expected_values(expect):
    """String constants the Expect expression compares with."""
    try:
        tree = ast.parse(expect.strip(), mode="eval")
    except SyntaxError:
        return []
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def expect_line(path):
    with open(path, "rb") as handle:
        for line in handle.read().decode("utf-8", "replace").splitlines():
            if line.strip().startswith("Expect:"):
                return line.split("Expect:", 1)[1]
    return ""


def main():
    report_path, tests, feedd = sys.argv[1:4]
    show = "--list" in sys.argv
    results = json.load(open(report_path))["results"]
    failed = [r for r in results if not r["ok"]]
    security, serialisation, other = [], [], []
    for result in failed:
        path = os.path.join(tests, result["path"])
        run = subprocess.run([feedd, "parse", path], capture_output=True)
        try:
            doc = json.loads(run.stdout.decode("utf-8"))
        except ValueError:
            doc = {}
        problems = sorted({p for text in strings(doc) if "<" in text or ":" in text for p in scan(text).problems})
        if problems:
            security.append((result["path"], problems))
            continue
        outputs = {tuple(scan(text).tokens) for text in strings(doc)}
        wanted = [tuple(scan(value).tokens) for value in expected_values(expect_line(path))]
        (serialisation if any(w in outputs for w in wanted if w) else other).append((result["path"], []))
    total = len(results)
    print("wellformed/sanitize: %d tests, %d passed (%.1f %%), %d failed" % (
        total, total - len(failed), 100.0 * (total - len(failed)) / max(total, 1), len(failed)))
    print("  security failures (unsafe markup left in the output): %d" % len(security))
    print("  form-only failures: %d (serialisation only: %d; other differences, nothing unsafe: %d)" % (
        len(serialisation) + len(other), len(serialisation), len(other)))
    for name, rows in (("security", security), ("serialisation", serialisation), ("other", other)):
        if show or name == "security":
            for path, problems in rows:
                print("  %s: %s %s" % (name, path, " ".join(problems)))
    return 1 if security else 0


if __name__ == "__main__":
    sys.exit(main())
