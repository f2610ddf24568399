"""One pass over a JATS reference list: each ``<ref>`` read into plain parts (names,
field texts by tag, links) that :mod:`citekit.parsers.jats.citations` turns into CSL
items; and the name elements (``name``, ``string-name``, ``collab``) read as CSL names.

Speed matters on articles with a hundred references: each ``<ref>`` is walked once,
leaf text is read directly (no XPath call), markup inside a field through lxml's text
serialisation (in C), and attributes only for the fields that use them.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.names import split_name
from citekit.parsers.jats.load import local, rich_text_of, text_of

__all__ = ["Walked", "person_name", "spaced_text", "unfolded_text", "walk"]


def person_name(element: Any) -> dict[str, str] | None:
    """A CSL name from ``name``, ``string-name`` or ``collab``."""
    kind = local(element.tag)
    if kind == "collab":
        literal = text_of(element, frozenset(("contrib-group", "xref", "fn")))
        return {"literal": literal} if literal else None
    if kind not in ("name", "string-name"):
        return None
    # One pass over the children (ElementPath ``find`` costs more than the loop); the
    # first of each part counts, as ``find`` would give.
    surname = given = suffix = prefix = None
    for part in element:
        tag = part.tag
        if tag == "surname":
            surname = part if surname is None else surname
        elif tag == "given-names":
            given = part if given is None else given
        elif tag == "suffix":
            suffix = part if suffix is None else suffix
        elif tag == "prefix":
            prefix = part if prefix is None else prefix
    if surname is not None:
        given_text = text_of(given)
        out = {"family": text_of(surname), "given": given_text, "suffix": text_of(suffix)}
        if not given_text and prefix is not None:
            out["given"] = text_of(prefix)
        return {k: v for k, v in out.items() if v} or None
    if kind == "name":
        given_text = text_of(given)
        return {"literal": given_text} if given_text else None
    written = text_of(element)
    return split_name(written) if written else None


def spaced_text(element: Any) -> str:
    """Text of an element with spaces folded: lxml's text serialisation (in C, cheaper
    than an XPath ``normalize-space`` call), every kind of space folded."""
    global _TOSTRING
    if element is None:
        return ""
    if _TOSTRING is None:
        from lxml import etree

        _TOSTRING = etree.tostring
    return " ".join(_TOSTRING(element, method="text", encoding=str, with_tail=False).split())


_TOSTRING: Any = None


def unfolded_text(element: Any) -> str:
    """The text of an element as the document has it (spaces not folded), in C."""
    global _TOSTRING
    if _TOSTRING is None:
        from lxml import etree

        _TOSTRING = etree.tostring
    return _TOSTRING(element, method="text", encoding=str, with_tail=False)  # type: ignore[no-any-return]


def _flat(element: Any) -> str:
    """Text of a leaf element (the common case) without an XPath call; markup inside
    falls back to :func:`spaced_text`."""
    if len(element):
        return spaced_text(element)
    text = element.text
    return " ".join(text.split()) if text else ""


# Fields whose italics, bold, scripts and small capitals are kept as CSL rich text.
_RICH_FIELDS = frozenset(
    ("article-title", "chapter-title", "data-title", "source", "trans-title", "trans-source", "series", "part-title")
)
_PUNCTUATION = re.compile(r"[.,;:]")
_XLINK = "{http://www.w3.org/1999/xlink}href"
_CITATIONS = ("element-citation", "nlm-citation", "citation", "mixed-citation")
_NAME_TAGS = frozenset(("name", "string-name", "collab", "etal"))
_NAME_SKIP = frozenset(("contrib-group", "xref", "fn"))
_ROLES = {
    "author": "author", "editor": "editor", "translator": "translator", "compiler": "compiler",
    "inventor": "author", "assignee": "author", "director": "director", "": "author",
}

Names = dict[str, list[dict[str, str]]]
"""The names of a citation by CSL name variable, the variables in the order they first
appear; the key ``""`` marks an ``etal``. Read straight into this form, it becomes the
reference's record."""


def _put(names: Names, slot: str, made: dict[str, str]) -> None:
    bucket = names.get(slot)
    if bucket is None:
        names[slot] = [made]
    else:
        bucket.append(made)


def _add_name(element: Any, slot: str, names: Names) -> None:
    """Add the CSL name of a ``name`` / ``string-name`` / ``collab`` under ``slot`` (an
    ``etal`` is noted under ``""``)."""
    tag = element.tag
    if tag == "etal":
        names[""] = []
        return
    if tag != "collab":
        surname = given = suffix = ""
        for part in element:
            kind = part.tag
            if kind == "surname":
                text = spaced_text(part) if len(part) else part.text
                surname = " ".join(text.split()) if text else ""
            elif kind == "given-names":
                text = spaced_text(part) if len(part) else part.text
                given = " ".join(text.split()) if text else ""
            elif kind == "suffix":
                suffix = _flat(part)
        if surname:
            made = {"family": surname}
            if given:
                made["given"] = given
            if suffix:
                made["suffix"] = suffix
            _put(names, slot, made)
            return
        if tag == "name":
            if given:
                _put(names, slot, {"literal": given})
            return
    own = text_of(element, _NAME_SKIP) if len(element) else _flat(element)
    if own:
        made = {"literal": own} if tag == "collab" else split_name(own)
        if made is not None:
            _put(names, slot, made)


def _person_group(group: Any, names: Names) -> None:
    """The names of a ``person-group``, under the CSL variable its type stands for."""
    role = group.get("person-group-type") or ""
    slot = _ROLES.get(role) or _ROLES.get(role.lower(), "author")
    bucket = names.get(slot)
    for name in group:
        tag = name.tag
        if tag == "name" and len(name) == 2:
            # The common case inline: <name><surname/><given-names/></name>. Text without
            # spaces (isalpha) needs no folding.
            first = name[0]  # indexing: cheaper than unpacking through an iterator
            second = name[1]
            if first.tag == "surname" and second.tag == "given-names" and not len(first) and not len(second):
                family = first.text
                if family and not family.isalpha():
                    family = " ".join(family.split())
                if family:
                    given = second.text
                    if given and not given.isalpha():
                        given = " ".join(given.split())
                    made = {"family": family, "given": given} if given else {"family": family}
                    if bucket is None:
                        bucket = names[slot] = [made]
                    else:
                        bucket.append(made)
                    continue
        if tag.__class__ is str:
            _add_name(name, slot, names)
            bucket = names.get(slot)


# What the walk keeps of one <ref>: id, label, the citation element's tag ("" for none),
# its publication type, the element whose text is the reference as printed (or that
# text, for a ref without a citation element), punctuated?, names by CSL variable
# (see :data:`Names`), field texts by tag, links as (tag, type, value), the access date, the page count.
Links = list[tuple[str, str, str]]
"""``(tag, type, value)`` of each ``pub-id``, ``ext-link`` and ``uri``."""
Walked = tuple[str, str, str, str, Any, bool, Names, dict[str, str], Links, str, str]
_LINKS = frozenset(("pub-id", "ext-link", "uri"))
_SPECIAL_FIELDS = _LINKS | {"year", "date-in-citation", "size"}


def walk(back: Any) -> list[Walked]:
    """Each ``<ref>`` of ``back`` read in one pass over its chosen citation element
    (structured element-citation / nlm-citation / citation before mixed-citation).

    :param back: the article's ``back`` element.
    :returns: the parts of each reference, in document order (nested lists included).
    """
    out: list[Walked] = []
    for ref in back.iter("ref"):
        structured = mixed = None
        for element in ref.iter(*_CITATIONS):
            if element.tag == "mixed-citation":
                if mixed is None:
                    mixed = element
            elif structured is None:
                structured = element
        chosen = structured if structured is not None else mixed
        label = ""
        for child in ref:  # the label opens the ref: cheaper than an ElementPath find
            if child.tag == "label":
                label = _flat(child)
                break
        if chosen is None:
            out.append((ref.get("id") or "", label, "", "", spaced_text(ref), False, {}, {}, [], "", ""))
            continue
        kind = chosen.get("publication-type") or chosen.get("citation-type") or ""
        punctuated, names, texts, links, accessed, pages = _read_fields(chosen, mixed is not None)
        printed = mixed if mixed is not None else chosen
        ref_id = ref.get("id") or ""
        out.append((ref_id, label, chosen.tag, kind, printed, punctuated, names, texts, links, accessed, pages))
    return out


def _read_fields(chosen: Any, punctuated: bool) -> tuple[bool, Names, dict[str, str], Links, str, str]:
    """The children of a citation element: ``(punctuated?, names, field texts, links,
    access date, page count)``.

    This loop runs over every field of a reference list, so it stays flat: leaf text
    read inline, the first text of each field tag kept (the year with its ISO form),
    the fields that need their attributes handed to :func:`_special_field`.
    """
    names: Names = {}
    texts: dict[str, str] = {}
    links: Links = []
    extent: dict[str, str] = {}
    for child in chosen:
        if not punctuated:
            tail = child.tail
            if tail and not tail.isspace() and _PUNCTUATION.search(tail):
                punctuated = True
        tag = child.tag
        if tag == "person-group":
            _person_group(child, names)
        elif tag in _NAME_TAGS:
            _add_name(child, "author", names)
        elif tag.__class__ is str and tag not in texts:  # the first of a field counts
            if len(child):
                value = rich_text_of(child) if tag in _RICH_FIELDS else spaced_text(child)
            else:
                value = child.text or ""
                if value and not value.isalnum():  # text without spaces needs no folding
                    value = " ".join(value.split())
            if tag not in _SPECIAL_FIELDS:
                if value:
                    texts[tag] = value
            elif tag == "year":
                texts["year"], texts["year-iso"] = value, child.get("iso-8601-date") or ""
            else:
                _special_field(child, tag, value, links, extent)
    return punctuated, names, texts, links, extent.get("accessed", ""), extent.get("pages", "")


def _special_field(child: Any, tag: str, value: str, links: Links, extent: dict[str, str]) -> None:
    """A link (``pub-id``, ``ext-link``, ``uri``), the access date or the page count."""
    attr = (
        child.get("pub-id-type") or child.get("ext-link-type") or child.get("content-type") or child.get("units") or ""
    )
    if tag in _LINKS:
        address = value if tag == "pub-id" else (child.get(_XLINK) or child.get("href") or value)
        links.append((tag, attr.lower(), address))
    elif tag == "date-in-citation":
        if attr.startswith("access"):
            extent["accessed"] = child.get("iso-8601-date") or value
    elif tag == "size" and attr == "pages":
        extent["pages"] = value
