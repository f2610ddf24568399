"""Reference items that markup gives as fields (JATS element-citations, Highwire
``citation_reference`` parts, schema.org ``citation`` nodes): finished cheaply (their
values come cleaned from markup) and written out as a reader would print them.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.formats.richtext import plain
from citekit.record import CSL_TYPES, Record, make_id

__all__ = ["finish", "quick_id", "render_reference"]


def finish(record: Record, default_type: str = "article-journal") -> Record:
    """A reference item built from clean values: empty fields dropped, ``type`` and ``id``
    set. The cheap path for the hundreds of references of one page (their values come
    cleaned from markup, so :func:`citekit.record.normalize` would only repeat work).
    """
    out: Record = {k: v for k, v in record.items() if v or (v is not None and not isinstance(v, _EMPTY_KINDS))}
    if out.get("type") not in CSL_TYPES:
        out["type"] = default_type
    if "DOI" in out or "author" in out or "title" in out or "issued" in out:
        out["id"] = quick_id(out)
    return out


# Falsy values of these kinds are empty fields; other falsy values (0, False) are kept.
_EMPTY_KINDS = (str, list, dict)
_ID_WORD = re.compile(r"[a-z0-9]+")
_ID_STOP = frozenset(
    [
        "a", "an", "the", "of", "on", "in", "and", "for", "to", "with", "from", "at", "by", "is", "are", "la", "le",
        "les", "de", "der", "die", "das", "el",
    ]
)


def quick_id(record: Record) -> str:
    """:func:`citekit.record.make_id` for items whose DOI is already normalised: the DOI
    in lower case, else ``family-year-word`` (the same form, without re-reading the DOI)."""
    doi = record.get("DOI")
    if doi:
        return str(doi).lower()
    names = record.get("author") or record.get("editor") or []
    family = (names[0].get("family") or names[0].get("literal") or "") if names else ""
    title = plain(str(record.get("title") or ""))
    if not (family.isascii() and title.isascii()):
        return make_id(record)
    family_slug = "-".join(_ID_WORD.findall(family.lower())[:2]) or "anon"
    try:
        year: Any = record["issued"]["date-parts"][0][0]
    except (KeyError, IndexError, TypeError):
        year = "nd"
    word = "untitled"
    for match in _ID_WORD.finditer(title.lower()):  # a loop, not next(generator): once per reference
        if match.group() not in _ID_STOP:
            word = match.group()
            break
    return f"{family_slug}-{year}-{word}"


def render_reference(record: Record, *, etal: bool = False) -> str:
    """A structured reference written out in Vancouver style: the readable ``custom.raw``
    of references that markup gives as fields (JATS element-citations, Highwire
    ``citation_reference`` key=value parts), for people and the resolver.

    :param record: the reference's CSL fields.
    :param etal: the author list was cut short ("et al").
    """
    get = record.get
    parts: list[str] = []
    authors = get("author")
    if authors:
        parts.append(_vancouver_names(authors, etal))
    title = get("title")
    if title:
        parts.append(plain(str(title)).rstrip("."))
    container = get("container-title")
    if container:
        container = plain(str(container))
        parts.append(f"In: {container}" if get("type") == "chapter" else container)
    if get("publisher"):
        parts.append(": ".join(str(record[k]) for k in ("publisher-place", "publisher") if get(k)))
    tail = _vancouver_numbers(record)
    if tail:
        parts.append(tail)
    doi = get("DOI")
    if doi:
        parts.append(f"doi:{doi}")
    elif get("URL"):
        parts.append(str(record["URL"]))
    if not parts:
        return ""
    return ". ".join([text for part in parts if (text := part.rstrip(". "))]) + "."


def _vancouver_names(authors: list[dict[str, str]], etal: bool) -> str:
    """The names as Vancouver writes them, "Family GI, Family GI, et al": initials without
    dots, literal names as written."""
    names = []
    for name in authors:
        family = name.get("family")
        if family is None or "literal" in name:
            literal = name.get("literal")
            if literal:
                names.append(literal)
                continue
        given = name.get("given")
        if given and ("." in given or " " in given):
            given = given.replace(".", "").replace(" ", "")
        if given:
            names.append(f"{family} {given}" if family else given)
        else:
            names.append(family or "")
    if etal:
        names.append("et al")
    return ", ".join(names)


def _vancouver_numbers(record: Record) -> str:
    """The numbers as Vancouver writes them, "2001;3(4):5-9": the year (or the date as
    written), volume, issue and pages."""
    get = record.get
    issued = get("issued")
    if issued:
        tail = str(issued["date-parts"][0][0]) if issued.get("date-parts") else str(issued.get("literal") or "")
    else:
        tail = ""
    volume = get("volume")
    if volume:
        issue = get("issue")
        tail += f";{volume}({issue})" if issue else f";{volume}"
    page = get("page")
    if page:
        tail += f":{page}"
    return tail
