"""Reading JATS / NLM XML safely and getting text out of its elements.

No DTD is loaded and no entity or network access happens (the files name DTDs by public
identifier that are not installed, and an XML parser must never fetch). HTML entities
the DTD would have defined (``&nbsp;``, ``&ndash;``) are turned into characters first,
and a namespaced document (``xmlns="http://jats.nlm.nih.gov"``) is stripped to local
names so one set of paths serves every DTD version.
"""

from __future__ import annotations

import html.entities
import re
from typing import Any

from citekit.errors import ParseError
from citekit.formats import richtext

__all__ = [
    "MAX_DEPTH", "date_of", "element_text", "find_child", "find_children", "flatten_deep", "flatten_markup", "load",
    "local", "rich_text_of", "text_of", "without_body",
]

# Named entities other than XML's own five (which need no help and are the common ones).
_NAMED = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset(("amp", "lt", "gt", "quot", "apos"))


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    char = html.entities.html5.get(name + ";")
    return f"&#{ord(char[0])};" if char and len(char) == 1 else match.group(0)


def local(tag: Any) -> str:
    """The local name of an element tag ("{ns}article" → "article"); "" for comments."""
    if tag.__class__ is not str:
        return ""
    return tag if tag[:1] != "{" else tag.rsplit("}", 1)[-1]


def find_child(element: Any, tag: str) -> Any:
    """The first child of ``element`` named ``tag`` (what ``element.find(tag)`` gives, without
    going through ElementPath: lxml's tag filter, in C), or ``None``."""
    return next(element.iterchildren(tag), None)


def find_children(element: Any, tag: str) -> list[Any]:
    """The children of ``element`` named ``tag``, as ``element.findall(tag)`` gives them."""
    return list(element.iterchildren(tag))


def _parse(body: str, origin: str, flattened: bool = False) -> tuple[Any, bool]:
    """``body`` parsed as UTF-8 whatever its declaration says (the parser is told so,
    which saves cutting the declaration off a copy of the whole document): the root and
    whether an entity reference no DTD declared was met."""
    from lxml import etree

    parser = etree.XMLParser(
        recover=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        encoding="utf-8",
    )
    try:
        root = etree.fromstring(body.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not well-formed XML: {exc}", origin=origin) from exc
    if not flattened and any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        # libxml2 stops reading at its depth limit and loses everything after: read
        # again with the markup nested past MAX_DEPTH taken out (its text kept).
        return _parse(flatten_markup(body, MAX_DEPTH), origin, flattened=True)
    return root, any(entry.type_name.endswith("UNDECLARED_ENTITY") for entry in parser.error_log)


# A comment, CDATA section, declaration or processing instruction (group 1 unset), or an
# element's start or end tag (group 1 "/" for an end tag, group 2 "/" for an empty one).
_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[?!][^>]*>"
    r"|<(/?)[A-Za-z_][^\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>",
    re.DOTALL,
)


def flatten_markup(text: str, limit: int) -> str:
    """``text`` without the start and end tags of elements nested more than ``limit``
    deep (their text stays in the element ``limit`` deep).

    :param text: an XML document.
    :param limit: the deepest element kept.
    """
    out: list[str] = []
    depth, kept_to = 0, 0
    for match in _MARKUP.finditer(text):
        closing, empty = match.group(1), match.group(2)
        if closing is None:
            continue
        if closing:
            drop = depth > limit
            depth -= 1
        elif empty:
            drop = depth + 1 > limit
        else:
            depth += 1
            drop = depth > limit
        if drop:
            out.append(text[kept_to : match.start()])
            kept_to = match.end()
    out.append(text[kept_to:])
    return "".join(out)


def load(text: str, origin: str = "-") -> Any:
    """The document's root element.

    :raises ParseError: the text is not well-formed enough to recover a tree.
    """
    body = text.lstrip() if text[:1].isspace() else text  # a declaration must open the document
    root, undeclared = _parse(body, origin)
    if undeclared:
        # HTML entity names the DTD would have defined (&nbsp;, &ndash;): read again with
        # them turned into characters. Most articles use none and skip this text pass.
        root, _ = _parse(_NAMED.sub(_entity, body), origin)
    if root is None:
        raise ParseError("not well-formed XML: no root element", origin=origin)
    if isinstance(root.tag, str) and root.tag.startswith("{"):
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.startswith("{"):
                element.tag = local(element.tag)
    return root


# The article's body opening right after its front matter (a start tag, not an empty one).
_BODY_START = re.compile(r"</front>(\s*)<body(?:\s[^<>]*)?(?<!/)>")
# In a body, what could hide or end it early: a comment, CDATA section, declaration or
# processing instruction (whose "<" are no tags), or a body inside it.
_BODY_MARKUP = re.compile(r"<(?:[!?]|body[\s/>])")


def without_body(text: str) -> str:
    """``text`` without the article's ``<body>`` (the full text, which the front matter and
    reference parsers never read), when that leaves the rest of the tree as parsing the
    whole would: the body follows ``</front>`` and holds no CDATA section, processing
    instruction or body of its own, and each comment in it closes before the first
    ``</body>``, so that in well-formed XML every other "<" in it is a tag and that
    ``</body>`` closes it. Anything else is returned whole. (Markup broken inside the
    body, an end tag without its start, could make a whole parse lose what follows the
    body; without the body, that is kept.) Finding the body costs a few scans in C, a
    fraction of parsing it.

    :param text: a JATS / NLM article.
    """
    match = _BODY_START.search(text)
    if match is None:
        return text
    start = match.end()
    end = text.find("</body>", start)
    if end < 0:
        return text
    at = start
    while (found := _BODY_MARKUP.search(text, at, end)) is not None:
        # Only a comment may stand there, closed before the end (a comment holds no "--").
        if not text.startswith("<!--", found.start()):
            return text
        close = text.find("-->", found.start() + 4, end)
        if close < 0:
            return text
        at = close + 3
    return text[: match.start() + 8] + match.group(1) + text[end + 7 :]


# Real JATS nests a few dozen elements deep at most (article, front, article-meta,
# title-group, article-title, italic ...). Below this depth, markup is flattened to its
# text so that no walk over the tree can exhaust the stack.
MAX_DEPTH = 64


def flatten_deep(root: Any, limit: int = MAX_DEPTH) -> int:
    """Replace the children of every element ``limit`` levels down by their text (the deep
    markup is dropped, its words kept); walked without recursion.

    :param root: the document's root element (changed in place).
    :param limit: the depth below which markup is flattened.
    :returns: how many elements were flattened.
    """
    flattened = 0
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth < limit:
            stack.extend((child, depth + 1) for child in element)
        elif len(element):
            # itertext walks the subtree in C, without recursion.
            text = "".join(element.itertext())
            for child in list(element):
                element.remove(child)
            element.text = text
            flattened += 1
    return flattened


_SPACE = re.compile(r"\s+")


def _normalize_space(element: Any) -> str:
    """The element's text (lxml's text serialisation, in C), every kind of space folded."""
    global _TOSTRING
    if _TOSTRING is None:
        from lxml import etree

        _TOSTRING = etree.tostring
    return " ".join(_TOSTRING(element, method="text", encoding=str, with_tail=False).split())


_TOSTRING: Any = None


def _collect(node: Any, skip: frozenset[str], parts: list[str]) -> None:
    if node.text:
        parts.append(node.text)
    for child in node:
        tag = child.tag
        if tag.__class__ is str and tag not in skip and local(tag) not in skip:
            _collect(child, skip, parts)
        if child.tail:
            parts.append(child.tail)


# JATS's inline formatting that CSL rich text can carry.
_RICH = {"italic": "i", "bold": "b", "sup": "sup", "sub": "sub", "sc": "sc"}


def _collect_rich(node: Any, skip: frozenset[str], parts: list[str], active: frozenset[str] = frozenset()) -> None:
    if node.text:
        parts.append(node.text)
    for child in node:
        tag = child.tag
        if tag.__class__ is str and tag not in skip and local(tag) not in skip:
            kind = _RICH.get(local(tag))
            if kind is None or kind in active:  # <italic> inside <italic> adds nothing
                _collect_rich(child, skip, parts, active)
            else:
                inner: list[str] = []
                _collect_rich(child, skip, inner, active | {kind})
                parts.append(richtext.wrap(kind, "".join(inner)))
        if child.tail:
            parts.append(child.tail)


def rich_text_of(element: Any, skip: frozenset[str] = frozenset()) -> str:
    """:func:`text_of` with ``<italic>``, ``<bold>``, ``<sup>``, ``<sub>`` and ``<sc>`` kept as
    CSL rich text (:mod:`citekit.formats.richtext`); its plain text is :func:`text_of`'s."""
    if element is None or not len(element):
        return text_of(element, skip)
    parts: list[str] = []
    _collect_rich(element, skip, parts)
    return " ".join("".join(parts).split())


def text_of(element: Any, skip: frozenset[str] = frozenset()) -> str:
    """All text inside ``element`` (markup dropped, spaces folded), minus ``skip`` children.

    :param element: an element or ``None``.
    :param skip: local names whose text (not tail) is left out ("label", "xref" ...).
    """
    if element is None:
        return ""
    if not len(element):
        # A leaf (most fields): its own text, no XPath call.
        leaf = element.text
        return " ".join(leaf.split()) if leaf else ""
    if not skip:
        return _normalize_space(element)
    parts: list[str] = []
    _collect(element, skip, parts)
    return " ".join("".join(parts).split())


# The document put no separator between two fields when the text so far ends in none of
# these (whitespace counts too).
_SEPARATORS = frozenset(",;:(-\u2013")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;.])")


def element_text(element: Any, skip: frozenset[str] = frozenset()) -> str:
    """Text of an element whose children are fields without punctuation between them
    (``<institution>A</institution><country>B</country>``): the fields are joined with
    ", " where the document put nothing between them."""
    if element is None:
        return ""
    pieces: list[str] = []
    text = element.text
    if text and not text.isspace():
        pieces.append(text)
    for child in element:
        tag = child.tag
        if tag.__class__ is str and tag not in skip:
            if tag[0] == "{" and local(tag) in skip:
                inner = ""
            elif len(child):
                inner = text_of(child, skip)
            else:  # a leaf (most parts): its text folded, as text_of would
                leaf = child.text
                inner = " ".join(leaf.split()) if leaf else ""
            if inner:
                if pieces:
                    last = pieces[-1][-1:]
                    if not (last.isspace() or last in _SEPARATORS):
                        pieces.append(", ")
                pieces.append(inner)
        tail = child.tail
        if tail:
            if tail.strip():
                pieces.append(tail)
            elif pieces:
                pieces.append(" ")
    text = " ".join("".join(pieces).split()).strip(" ,;")
    # Folded, the text's only spaces are single " ": the pattern can match only where one
    # stands before a mark (a substitution with a group costs far more than these tests).
    if " ," in text or " ;" in text or " ." in text:
        return _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_DATE_PARTS = frozenset(("year", "month", "day", "season"))
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def date_of(element: Any) -> list[int] | None:
    """Date parts of a JATS date element (``year``/``month``/``day``/``season`` or
    ``@iso-8601-date``)."""
    if element is None:
        return None
    iso = element.get("iso-8601-date")
    if iso:
        match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso)
        if match:
            return [int(g) for g in match.groups() if g and int(g)]
    found: dict[str, str] = {}
    for child in element:  # the first of each part, as ``find`` would give
        tag = child.tag
        if tag in _DATE_PARTS and tag not in found:
            found[tag] = text_of(child)
    year = re.search(r"\d{4}", found.get("year", ""))
    if not year:
        return None
    parts = [int(year.group(0))]
    month_text = found.get("month", "")
    month: int | None = None
    if month_text.isdigit():
        month = int(month_text)
    elif month_text:
        month = _MONTHS.get(month_text[:3].lower())
    elif "season" in found:
        month = _SEASONS.get(found["season"].lower().split("-")[0].strip())
    if month and 1 <= month <= 12:
        parts.append(month)
        day_text = found.get("day", "")
        if day_text.isdigit() and 1 <= int(day_text) <= 31:
            parts.append(int(day_text))
    return parts
