"""Crossref work JSON (``message`` of ``/works/{doi}``) into a CSL-JSON record.

Crossref's own shapes differ from CSL in small ways: titles and container titles are
lists, dates come as ``date-parts`` under several names, authors carry ORCID URLs and
affiliation objects, abstracts are JATS. :func:`work_to_csl` folds all of that into the
record shape of ``citekit.record`` (extras under ``custom``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from citekit.formats import richtext
from citekit.record import Record, normalize

__all__ = ["CROSSREF_TO_CSL", "crossref_year", "first", "reference_to_csl", "work_title", "work_to_csl"]

# Crossref work types (api.crossref.org/types) → CSL types.
CROSSREF_TO_CSL: dict[str, str] = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "book-track": "chapter",
    "reference-entry": "entry",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "proceedings": "book",
    "proceedings-series": "book",
    "report": "report",
    "report-component": "report",
    "report-series": "report",
    "dissertation": "thesis",
    "dataset": "dataset",
    "database": "dataset",
    "posted-content": "article",
    "peer-review": "review",
    "standard": "standard",
    "standard-series": "standard",
    "journal": "periodical",
    "journal-volume": "periodical",
    "journal-issue": "periodical",
    "component": "document",
    "grant": "document",
    "other": "document",
}

_TAGS = re.compile(r"<[^>]+>")


def first(value: Any) -> str | None:
    """The first string of a Crossref list field (or the string itself)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _strip_markup(text: str) -> str:
    return html.unescape(_TAGS.sub(" ", text))


# Crossref's title markup (HTML, JATS, with or without the jats: prefix) that CSL rich text
# can carry; any other tag (MathML, <u>, <ovl> ...) goes as in _strip_markup.
_CROSSREF_RICH = {
    "i": "i", "italic": "i", "em": "i",
    "b": "b", "bold": "b", "strong": "b",
    "sup": "sup", "sub": "sub",
    "scp": "sc", "sc": "sc",
}  # fmt: skip
_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)[^>]*?(/?)>")


def _rich_markup(text: str) -> str:
    """A Crossref title with its italics, bold, scripts and small capitals as CSL rich text
    (``<scp>HP</scp>1`` → small caps ``HP`` then ``1``), entities decoded, other tags a space."""
    if "<" not in text:
        return html.unescape(text) if "&" in text else text
    stack: list[tuple[str, list[str]]] = [("", [])]
    opened = dict.fromkeys(_CROSSREF_RICH.values(), 0)  # how many of each kind are open
    position = 0
    for match in _TAG.finditer(text):
        stack[-1][1].append(html.unescape(text[position : match.start()]))
        position = match.end()
        kind = _CROSSREF_RICH.get(match.group(3).lower())
        if kind is None or match.group(4):
            stack[-1][1].append(" ")
        elif not match.group(1):
            stack.append((kind, []))
            opened[kind] += 1
        elif opened[kind]:
            while True:  # close it, and any tag opened inside it and left open
                open_kind, parts = stack.pop()
                opened[open_kind] -= 1
                nested = opened[open_kind] > 0  # <i> in <i> adds nothing
                stack[-1][1].append("".join(parts) if nested else richtext.wrap(open_kind, "".join(parts)))
                if open_kind == kind:
                    break
    stack[-1][1].append(html.unescape(text[position:]))
    while len(stack) > 1:  # opened, never closed: the text without the tag
        _, parts = stack.pop()
        stack[-1][1].append("".join(parts))
    return "".join(stack[0][1])


def work_title(work: Mapping[str, Any], *, rich: bool = False) -> str | None:
    """Title with its subtitle (``Title: Subtitle``), markup removed, or with ``rich`` its
    italics, bold, scripts and small capitals kept as CSL rich text."""
    title = first(work.get("title"))
    if not title:
        return None
    clean = _rich_markup if rich else _strip_markup
    title = " ".join(clean(title).split())
    subtitle = first(work.get("subtitle"))
    if subtitle:
        subtitle = " ".join(clean(subtitle).split())
        if richtext.plain(subtitle).lower() not in richtext.plain(title).lower():
            title = f"{title}: {subtitle}"
    return title


def _date_parts(value: Any) -> list[int] | None:
    try:
        parts = value["date-parts"][0]
    except (KeyError, IndexError, TypeError):
        return None
    out = [int(p) for p in parts if p is not None and str(p).lstrip("-").isdigit()]
    return out or None


def crossref_year(work: Mapping[str, Any]) -> int | None:
    """The year Crossref gives as ``issued`` (else published-print, -online, published)."""
    for key in ("issued", "published-print", "published-online", "published", "created"):
        parts = _date_parts(work.get(key))
        if parts:
            return parts[0]
    return None


def _iso(parts: list[int]) -> str:
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3])])


def _names(people: Any) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    names: list[dict[str, str]] = []
    extras: list[dict[str, Any]] = []
    for person in people or ():
        if not isinstance(person, Mapping):
            continue
        family, given = person.get("family"), person.get("given")
        if family:
            name = {"family": str(family).strip()}
            if given:
                name["given"] = str(given).strip()
            if person.get("suffix"):
                name["suffix"] = str(person["suffix"]).strip()
        elif person.get("name") or given:
            name = {"literal": str(person.get("name") or given).strip()}
        else:
            continue
        extra: dict[str, Any] = {}
        affiliations = [
            a.get("name") for a in person.get("affiliation") or () if isinstance(a, Mapping) and a.get("name")
        ]
        if affiliations:
            extra["affiliation"] = affiliations
        orcid = person.get("ORCID")
        if isinstance(orcid, str) and orcid:
            extra["ORCID"] = orcid.rstrip("/").rsplit("/", 1)[-1]
        names.append(name)
        extras.append(extra)
    return names, extras


def _names_and_container(work: Mapping[str, Any], record: Record) -> list[dict[str, Any]]:
    """Title, people and container into ``record``; returns the authors' extras."""
    title = work_title(work, rich=True)
    if title:
        record["title"] = title
    authors, author_extras = _names(work.get("author"))
    if authors:
        record["author"] = authors
    editors, _ = _names(work.get("editor"))
    if editors:
        record["editor"] = editors
    container = first(work.get("container-title"))
    if container:
        record["container-title"] = " ".join(_rich_markup(container).split())
    short = first(work.get("short-container-title"))
    if short:
        record["container-title-short"] = short
    return author_extras if authors and any(author_extras) else []


def _numbers_and_identifiers(work: Mapping[str, Any], record: Record) -> None:
    """Volume, issue, pages, publisher, DOI, URL, ISSN, ISBN into ``record``."""
    for key in ("volume", "issue", "page", "publisher", "language"):
        value = work.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            record[key] = str(value).strip()
    if "page" not in record and work.get("article-number"):
        record["page"] = str(work["article-number"]).strip()
    if work.get("publisher-location"):
        record["publisher-place"] = str(work["publisher-location"])
    doi = work.get("DOI")
    if doi:
        record["DOI"] = str(doi)
        record["URL"] = str(work.get("URL") or f"https://doi.org/{doi}")
    for key in ("ISSN", "ISBN"):
        value = first(work.get(key))
        if value:
            record[key] = value


def _issued_and_texts(work: Mapping[str, Any], record: Record) -> None:
    """The issued date, abstract, licence and subjects into ``record``."""
    for key in ("issued", "published-print", "published-online", "published"):
        year_parts = _date_parts(work.get(key))
        if year_parts:
            record["issued"] = {"date-parts": [year_parts]}
            break
    abstract = work.get("abstract")
    if isinstance(abstract, str) and abstract.strip():
        text = _strip_markup(re.sub(r"<jats:title>[^<]*</jats:title>", " ", abstract))
        record["abstract"] = " ".join(text.split())
    licenses = work.get("license")
    if isinstance(licenses, list) and licenses and isinstance(licenses[0], Mapping) and licenses[0].get("URL"):
        record["license"] = str(licenses[0]["URL"])
    subjects = [s for s in work.get("subject") or () if isinstance(s, str)]
    if subjects:
        record["keyword"] = ", ".join(subjects)


def _dates(work: Mapping[str, Any]) -> dict[str, str]:
    """Every dated event of ``work``, ISO 8601: publication dates and history assertions."""
    dates: dict[str, str] = {}
    for key in ("published-print", "published-online", "published"):
        parts = _date_parts(work.get(key))
        if parts:
            dates[key] = _iso(parts)
    for assertion in work.get("assertion") or ():
        if (
            isinstance(assertion, Mapping)
            and assertion.get("name") in ("received", "revised", "accepted")
            and isinstance(assertion.get("value"), str)
        ):
            dates[str(assertion["name"])] = assertion["value"]
    return dates


def _custom(work: Mapping[str, Any], author_extras: list[dict[str, Any]]) -> dict[str, Any]:
    """What CSL has no variable for: author extras, dates, extra ISBNs, references."""
    custom: dict[str, Any] = {}
    if author_extras:
        custom["authors"] = author_extras
    dates = _dates(work)
    if dates:
        custom["dates"] = dates
    isbn = [v for v in work.get("ISBN") or () if isinstance(v, str)]
    if len(isbn) > 1:
        custom.setdefault("identifiers", {})["ISBN"] = isbn
    references = [reference_to_csl(r) for r in work.get("reference") or () if isinstance(r, Mapping)]
    references = [r for r in references if r]
    if references:
        custom["references"] = references
    return custom


def work_to_csl(work: Mapping[str, Any]) -> Record:
    """A CSL-JSON record from a Crossref work.

    :param work: the ``message`` of a ``/works/{doi}`` answer, or one search item.
    :returns: a normalised record; ``custom.authors`` holds ORCIDs and affiliations,
        ``custom.dates`` the dated events, ``custom.source`` says every field came from
        Crossref.
    """
    default = "article-journal" if work.get("container-title") else "document"
    record: Record = {"type": CROSSREF_TO_CSL.get(str(work.get("type") or ""), default)}
    author_extras = _names_and_container(work, record)
    _numbers_and_identifiers(work, record)
    _issued_and_texts(work, record)
    custom = _custom(work, author_extras)
    custom["source"] = {key: "crossref" for key in record if key != "type"}
    record["custom"] = custom
    out = normalize(record, default_type="article-journal")
    doi = work.get("DOI")
    if doi:
        # As registered: record.normalize_doi stops at '<', which SICI DOIs contain.
        out["DOI"] = str(doi)
        out["id"] = str(doi).lower()
    return out


def reference_to_csl(reference: Mapping[str, Any]) -> Record | None:
    """One entry of a Crossref work's ``reference`` list as a CSL item (``None`` if empty).

    The deposited ``unstructured`` string is kept in ``custom.raw``; without one, a plain
    string is composed from the structured parts so that the item can still be matched.
    """
    item: Record = {}
    if reference.get("author"):
        item["author"] = [{"family": str(reference["author"]).strip()}]
    title = reference.get("article-title") or reference.get("volume-title") or reference.get("series-title")
    if title:
        item["title"] = str(title)
    if reference.get("journal-title"):
        item["container-title"] = str(reference["journal-title"])
        item["type"] = "article-journal"
    elif reference.get("volume-title") and not reference.get("article-title"):
        item["type"] = "book"
    for source, target in (("volume", "volume"), ("issue", "issue"), ("first-page", "page"), ("edition", "edition")):
        if reference.get(source):
            item[target] = str(reference[source])
    year = re.match(r"\d{4}", str(reference.get("year") or ""))
    if year:
        item["issued"] = {"date-parts": [[int(year.group(0))]]}
    if reference.get("ISBN"):
        item["ISBN"] = str(reference["ISBN"]).rsplit("/", 1)[-1]
    custom: dict[str, Any] = {}
    raw = reference.get("unstructured")
    if isinstance(raw, str) and raw.strip():
        custom["raw"] = " ".join(_strip_markup(raw).split())
    elif item:
        parts = [
            item.get("author", [{}])[0].get("family", ""),
            str(reference.get("year") or ""),
            str(title or ""),
            item.get("container-title", ""),
            item.get("volume", ""),
            item.get("page", ""),
        ]
        custom["raw"] = ", ".join(p for p in parts if p)
    if reference.get("DOI"):
        item["DOI"] = str(reference["DOI"])
        custom["doi-asserted-by"] = str(reference.get("doi-asserted-by") or "crossref")
    if not item and not custom:
        return None
    if reference.get("key"):
        custom["key"] = str(reference["key"])
    item["custom"] = custom
    out = normalize(item, default_type="article-journal")
    if not item.get("DOI"):
        out.pop("id", None)  # "anon-nd-untitled" says nothing; resolution may give a DOI
    return out
