"""Visible text of an HTML page, one block per line, for the scraped-text parser.

Block elements become line breaks, ``<br>`` too; scripts, styles, forms and the site's
navigation go, so that menu entries and CSS never reach a record.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["visible_text"]

_SKIP = frozenset(
    [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "select", "option",
        "button", "textarea", "nav", "head", "title", "meta", "link", "input", "canvas", "map",
    ]
)
_BLOCK = frozenset(
    [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody",
        "thead", "tfoot", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre", "figure",
        "figcaption", "address", "hr", "br", "caption", "form", "fieldset", "legend", "details", "summary", "center",
        "body", "html",
    ]
)
_CELL = frozenset(("td", "th"))
_NAV_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|cookie\w*|skip-?link|sr-only|visually-hidden|share|social)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)


def _hidden(element: Any) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.get("role") in ("navigation", "banner", "search", "menu", "menubar"):
        return True
    style = element.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    classes = element.get("class")
    return bool(classes and _NAV_CLASS.search(classes))


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")


def visible_text(tree: Any) -> str:
    """The text a reader sees, blocks on their own lines, blank lines between blocks.

    :param tree: the page's document root (an ``lxml`` element).
    :returns: the text; runs of blank lines folded to one.
    """
    from lxml import etree

    parts: list[str] = []
    add = parts.append
    body = tree.find("body")
    root = body if body is not None else tree
    # lxml's tree walker (in C, no recursion: generated pages nest thousands of levels
    # deep); hidden and non-text subtrees are skipped whole, attributes are looked at
    # only on elements that have some.
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    skipped = None
    for event, element in walker:
        tag = element.tag
        if tag.__class__ is not str:  # a comment or processing instruction: its tail only
            if element.tail:
                add(element.tail)
            continue
        tag = tag.lower()
        if event == "end":
            if tag in _BLOCK and element is not skipped:
                add("\n")
            if element.tail and element is not root:
                add(element.tail)
            continue
        if tag in _SKIP or (element.keys() and _hidden(element)):
            walker.skip_subtree()
            skipped = element  # its end event comes next: the tail alone
            continue
        if tag in _BLOCK:
            add("\n")
        elif tag in _CELL:
            add("\t")
        if element.text:
            add(element.text)
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip() + "\n"
