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

    :param tree: the page's document root (an ``lxml`` element).
    :returns: the text; runs of blank lines folded to one.
    """
    parts: list[str] = []
    body = tree.find("body")
    root = body if body is not None else tree
    # An explicit stack, not recursion: generated pages nest thousands of levels deep.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if closing:
            if tag in _BLOCK:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(element.tail)
            continue
        if tag in _SKIP or (tag and _hidden(element)):
            if element.tail and element is not root:
                parts.append(element.tail)
            continue
        if tag in _BLOCK:
            parts.append("\n")
        elif tag in _CELL:
            parts.append("\t")
        if element.text and tag:
            parts.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip() + "\n"
