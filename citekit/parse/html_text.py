"""Visible text of an HTML page, one block per line, for the scraped-text parser.

Block elements become line breaks, ``<br>`` too; scripts, styles, forms and the site's
navigation go, so that menu entries and CSS never reach a record.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["visible_text"]

_SKIP = frozenset(
    ["script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "select", "option", "button", "textarea", "nav", "head", "title", "meta", "link", "input", "canvas", "map"]
)
_BLOCK = frozenset(
    ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody", "thead", "tfoot", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre", "figure", "figcaption", "address", "hr", "br", "caption", "form", "fieldset", "legend", "details", "summary", "center", "body", "html"]
)
_CELL = frozenset(("td", "th"))
_NAV_CLASS = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|cookie\w*|skip-?link|sr-only|visually-hidden|share|social)(?:$|[\s_-])", re.IGNORECASE)


def _hidden(element: Any) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.get("role") in ("navigation", "banner", "search", "menu", "menubar"):
        return True
    style = element.get("style")
    if style and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style):
        return True
    classes = element.get("class")
    return bool(classes and _NAV_CLASS.search(classes))


def visible_text(tree: Any) -> str:
    """The text a reader sees, blocks on their own lines, blank lines between blocks.

    :param tree: an ``lxml.html`` element (the document root).
    :returns: the text; runs of blank lines folded to one.
    """
    parts: list[str] = []
    body = tree.find("body")
    root = body if body is not None else tree

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or (tag and _hidden(element)):
            if element.tail:
                parts.append(element.tail)
            return
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        elif tag in _CELL:
            parts.append("\t")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip() + "\n"
