"""Highwire Press ``citation_*`` meta tags (Google Scholar's vocabulary).

Also read under the names other platforms give them: ``bepress_citation_*`` (Digital
Commons), ``dc.citation_*`` and ``DC.citation.*`` (DSpace, some OJS themes); the page
collector folds those to ``citation_*`` before this module sees them.

Per-author tags (``citation_author_institution``, ``_orcid``, ``_email``) belong to the
``citation_author`` before them, which is why the tags are read in document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from citekit.dates import parse_date
from citekit.names import fold, split_author_list, split_name
from citekit.parsers.common import (
    Partial,
    Person,
    clean,
    doi_of,
    norm_isbn,
    norm_issn,
    norm_language,
    page_range,
    person,
    split_keywords,
    type_from,
)
from citekit.parsers.html.meta import Meta, MetaBag
from citekit.parsers.refitems import finish, render_reference
from citekit.record import Record, date_parts

__all__ = ["extract", "parse_reference_tag"]

_PER_AUTHOR = {
    "citation_author_institution": "affiliation",
    "citation_author_affiliation": "affiliation",
    "citation_author_orcid": "ORCID",
    "citation_author_orcid_id": "ORCID",
    "citation_author_email": "email",
    "citation_author_corresponding": "corresponding",
}

_CONTAINERS = (
    ("citation_journal_title", "article-journal"),
    ("citation_conference_title", "paper-conference"),
    ("citation_conference", "paper-conference"),
    ("citation_inbook_title", "chapter"),
    ("citation_book_title", "chapter"),
)


def _spelling(meta: Meta) -> str:
    """The prefix a page wrote before ``citation_`` ("bepress_", "dc.", "")."""
    return meta.name.strip().lower().split("citation", 1)[0]


def _written_people(bag: MetaBag) -> list[dict[str, Any]]:
    """The ``citation_author`` tags and the per-author tags after each, under the first
    spelling that names anyone; the other spellings (a Digital Commons page writes
    ``citation_author`` and ``bepress_citation_author`` for the same people) only add
    affiliations and ids to the same names."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for meta in bag.items:
        if meta.key != "citation_author" and meta.key not in _PER_AUTHOR:
            continue
        value = clean(meta.value)
        people = groups.setdefault(_spelling(meta), [])
        if not value:
            continue
        if meta.key == "citation_author":
            people.append({"name": value, "affiliation": [], "extras": {}})
        elif people:
            slot = _PER_AUTHOR[meta.key]
            if slot == "affiliation":
                people[-1]["affiliation"].append(value)
            else:
                people[-1]["extras"].setdefault(slot, value)
    named = [g for g in groups.values() if g]
    if not named:
        return []
    main = named[0]
    for other in named[1:]:
        keys = {_written_key(entry["name"]): entry for entry in other}
        for entry in main:
            twin = keys.get(_written_key(entry["name"]))
            if twin is not None:
                entry["affiliation"] = entry["affiliation"] or twin["affiliation"]
                entry["extras"] = {**twin["extras"], **entry["extras"]}
    return main


def _written_key(name: str) -> str:
    return " ".join(sorted(re.findall(r"[a-z]+", fold(name))))


def _authors(bag: MetaBag) -> list[Person]:
    people = _written_people(bag)
    if len(people) == 1 and re.search(r";|\s(?:and|&)\s", people[0]["name"]):
        # One tag holding the whole author line ("A. Smith; B. Jones").
        names = split_author_list(people[0]["name"])
        people = [{"name": n, "affiliation": [], "extras": {}} for n in names] if len(names) > 1 else people
    if not people:
        joined = bag.first("citation_authors")
        if joined:
            people = [{"name": n, "affiliation": [], "extras": {}} for n in split_author_list(joined[0])]
    out: list[Person] = []
    for entry in people:
        extras = entry["extras"]
        stated = extras.get("corresponding")
        made = person(
            entry["name"],
            affiliation=entry["affiliation"],
            orcid=extras.get("ORCID"),
            email=extras.get("email"),
            corresponding=stated.lower() not in ("0", "false", "no") if isinstance(stated, str) else None,
        )
        if made:
            out.append(made)
    return out


def extract(bag: MetaBag) -> Partial:
    """The Highwire tags of a page as a :class:`Partial`.

    :param bag: the page's meta tags (keys already folded to ``citation_*``).
    """
    part = Partial("highwire")
    got = bag.first
    title = got("citation_title")
    if title:
        part.put("title", title[0], title[1])
    _container_and_type(part, got)
    for key, slot in _SLOTS:
        value = got(key)
        if value:
            part.put(slot, value[0], value[1])
    _pages(part, got)
    _identifiers(part, bag)
    _dates(part, got)
    _abstract_keywords_language(part, bag)
    _addresses(part, got)
    article_type = got("citation_article_type")
    if article_type and "type" not in part.fields:
        mapped = type_from(article_type[0])
        if mapped and mapped != "article-journal":
            part.put("type", mapped, article_type[1])
    part.authors = _authors(bag)
    part.author_source = "citation_author"
    editors = bag.values("citation_editor")
    part.editors = [p for p in (person(n) for n in editors) if p]
    part.references = [r for r in (parse_reference_tag(m.value) for m in bag.all("citation_reference")) if r]
    return part


_Getter = Callable[..., tuple[str, str] | None]
"""``MetaBag.first``: ``(value, key)`` of the first of some keys with a value."""
# Institutions that make the work a thesis or a report: (key, CSL type, CSL variable).
_INSTITUTIONS = (
    ("citation_dissertation_institution", "thesis", "publisher"),
    ("citation_technical_report_institution", "report", "publisher"),
)
# Keys read as they are: (key, CSL variable).
_SLOTS = (
    ("citation_journal_abbrev", "container-title-short"),
    ("citation_series_title", "collection-title"),
    ("citation_publisher", "publisher"),
    ("citation_volume", "volume"),
    ("citation_issue", "issue"),
    ("citation_technical_report_number", "number"),
    ("citation_edition", "edition"),
)
_ISSUED = ("citation_publication_date", "citation_date", "citation_cover_date", "citation_year", "citation_online_date")
_EVENTS = (
    ("citation_publication_date", "published"),
    ("citation_online_date", "published-online"),
    ("citation_cover_date", "published-print"),
)
_URLS = ("citation_abstract_html_url", "citation_fulltext_html_url", "citation_public_url")
_LINKS = (("citation_pdf_url", "pdf"), ("citation_xml_url", "xml"), ("citation_fulltext_html_url", "fulltext"))


def _container_and_type(part: Partial, got: _Getter) -> None:
    """The first container title (which also says the CSL type), and the institution of a
    thesis or report."""
    for key, csl_type in _CONTAINERS:
        value = got(key)
        if value:
            part.put("container-title", value[0], value[1])
            part.put("type", csl_type, value[1])
            break
    for key, csl_type, slot in _INSTITUTIONS:
        value = got(key)
        if value:
            part.put(slot, value[0], value[1])
            part.put("type", csl_type, value[1])


def _pages(part: Partial, got: _Getter) -> None:
    """First and last page, else ``citation_pages``."""
    first = got("citation_firstpage", "citation_first_page")
    last = got("citation_lastpage", "citation_last_page")
    pages = page_range(first[0] if first else None, last[0] if last else None)
    if pages:
        part.put("page", pages, first[1] if first else (last[1] if last else "citation_firstpage"))
    else:
        found = got("citation_pages")
        if found:
            part.put("page", page_range(found[0]), found[1])


def _identifiers(part: Partial, bag: MetaBag) -> None:
    """DOI (the first that reads as one), ISSNs, ISBN, PMID, PMCID and arXiv id."""
    for written in bag.values("citation_doi"):
        doi = doi_of(written)
        if doi:
            part.put("DOI", doi, "citation_doi")
            break
    issns = [i for i in (norm_issn(v) for k in ("citation_issn", "citation_eissn") for v in bag.values(k)) if i]
    if issns:
        part.put("ISSN", ", ".join(dict.fromkeys(issns)), "citation_issn")
    isbn = next((i for i in (norm_isbn(v) for v in bag.values("citation_isbn")) if i), None)
    part.put("ISBN", isbn, "citation_isbn")
    for key, slot in (("citation_pmid", "PMID"), ("citation_pmcid", "PMCID")):
        value = bag.first(key)
        if value:
            part.put(slot, value[0], value[1])
    arxiv = bag.first("citation_arxiv_id")
    if arxiv:
        part.identifiers["arXiv"] = arxiv[0]


def _dates(part: Partial, got: _Getter) -> None:
    """The issued date (the first key that gives a readable date) and the dated events."""
    for key in _ISSUED:
        value = got(key)
        parts = parse_date(value[0]) if value else None
        if parts and value:
            part.put("issued", date_parts(*parts), value[1])
            break
    for key, event in _EVENTS:
        value = got(key)
        if value:
            part.date(event, value[0])


def _abstract_keywords_language(part: Partial, bag: MetaBag) -> None:
    abstract = bag.first("citation_abstract")
    if abstract:
        raw = next(m.value for m in bag.all("citation_abstract") if clean(m.value))
        part.put("abstract", clean(raw, keep_breaks=True), abstract[1])
    keywords = split_keywords(bag.values("citation_keywords") or bag.values("citation_keyword"))
    if keywords:
        part.put("keyword", ", ".join(keywords), "citation_keywords")
    language = bag.first("citation_language")
    if language:
        part.put("language", norm_language(language[0]), language[1])


def _addresses(part: Partial, got: _Getter) -> None:
    """The article's URL (the first web address among the page keys) and its other
    versions (pdf, xml, full text) as links."""
    for key in _URLS:
        value = got(key)
        if value and value[0].startswith("http"):
            part.put("URL", value[0], value[1])
            break
    for key, link in _LINKS:
        value = got(key)
        if value and value[0].startswith("http"):
            part.links.setdefault(link, value[0])


_KEY = re.compile(r"(?:^|;)\s*(citation_[a-z_]+)\s*=", re.IGNORECASE)

_REF_SLOTS = {
    "citation_title": "title",
    "citation_journal_title": "container-title",
    "citation_conference_title": "container-title",
    "citation_book_title": "container-title",
    "citation_inbook_title": "container-title",
    "citation_journal_abbrev": "container-title-short",
    "citation_publisher": "publisher",
    "citation_volume": "volume",
    "citation_issue": "issue",
    "citation_isbn": "ISBN",
    "citation_issn": "ISSN",
    "citation_pmid": "PMID",
    "citation_pmcid": "PMCID",
    "citation_technical_report_number": "number",
    "citation_dissertation_institution": "publisher",
    "citation_technical_report_institution": "publisher",
    "citation_url": "URL",
}


def parse_reference_tag(content: str) -> Record | None:
    """One ``citation_reference`` value as a CSL item.

    Structured values (``citation_title=...; citation_author=...; citation_volume=...``)
    give their fields; a free reference string gives only ``custom.raw`` and is parsed
    later by the reference-string parser.

    :param content: the tag's ``content``.
    :returns: a CSL item with ``custom.raw``, or ``None`` for an empty value.
    """
    raw = clean(content)
    if not raw:
        return None
    keys = list(_KEY.finditer(raw))
    record: Record = {"custom": {"raw": raw}}
    if not keys:
        return record
    authors: list[dict[str, str]] = []
    pages: list[str | None] = [None, None, None]  # first, last, a whole range
    csl_type = "article-journal"
    for key, value in _key_values(raw, keys):
        if key in _REF_AUTHORS:
            authors.extend(_reference_names(value))
        elif key in _REF_DATES:
            parts = _reference_date(value)
            if parts and "issued" not in record:
                record["issued"] = date_parts(*parts)
        elif key in _REF_PAGES:
            pages[_REF_PAGES[key]] = value
        elif key == "citation_doi":
            record.setdefault("DOI", doi_of(value))
        elif key == "citation_arxiv_id":
            record["custom"].setdefault("identifiers", {})["arXiv"] = value
        elif key == "citation_id":
            record["custom"]["label"] = value
        elif key in _REF_SLOTS:
            record.setdefault(_REF_SLOTS[key], value)
            csl_type = _REF_TYPES.get(key, csl_type)
    if authors:
        record["author"] = authors
    first, last, whole = pages
    page = page_range(first, last) if (first or last) else (page_range(whole) if whole else None)
    if page:
        record["page"] = page
    if "container-title" not in record and "ISBN" in record and csl_type == "article-journal":
        csl_type = "book"
    record["type"] = csl_type
    if any(record.get(k) for k in ("title", "author", "container-title")):
        # The reference as a reader writes it; the tag's own key=value text is kept apart.
        rest = {k: v for k, v in record["custom"].items() if k != "raw"}
        record["custom"] = {"raw": render_reference(record) or raw, "markup": raw, **rest}
    return finish(record, csl_type)


_REF_AUTHORS = frozenset(("citation_author", "citation_authors"))
_REF_DATES = frozenset(("citation_publication_date", "citation_date", "citation_year"))
# Page keys: where each goes in (first page, last page, whole range).
_REF_PAGES = {
    "citation_firstpage": 0, "citation_first_page": 0, "citation_lastpage": 1, "citation_last_page": 1,
    "citation_pages": 2,
}
# Container and institution keys that say what kind of work the reference is.
_REF_TYPES = {
    "citation_conference_title": "paper-conference",
    "citation_book_title": "chapter",
    "citation_inbook_title": "chapter",
    "citation_dissertation_institution": "thesis",
    "citation_technical_report_institution": "report",
}


def _key_values(raw: str, keys: list[re.Match[str]]) -> list[tuple[str, str]]:
    """``(key, value)`` of each ``citation_x=value`` part of a reference tag, in order."""
    values: list[tuple[str, str]] = []
    for i, match in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(raw)
        value = raw[match.end() : end].strip().rstrip(";").strip()
        if value:
            values.append((match.group(1).lower(), value))
    return values


def _reference_names(value: str) -> list[dict[str, str]]:
    """The names of one ``citation_author`` part (a list, or one name)."""
    names = split_author_list(value) if ("," in value or ";" in value) else []
    if len(names) <= 1:
        one = split_name(value)
        names = [one] if one else []
    return names


def _reference_date(value: str) -> list[int] | None:
    # A bare year (most references give only that) without trying every date form.
    if len(value) == 4 and value.isdigit() and 1500 <= int(value) <= 2099:
        return [int(value)]
    return parse_date(value)
