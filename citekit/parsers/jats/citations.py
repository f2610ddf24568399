"""JATS / NLM reference lists: ``element-citation``, ``mixed-citation``, ``nlm-citation``
and NLM 2.x ``citation`` into CSL items with their pub-ids.

The structure the markup gives is kept (authors, titles, source, volume, pages, DOI,
PMID ...); the reference as printed goes to ``custom.raw`` (the text of the
``mixed-citation`` when there is one, a Vancouver rendering for an element-citation
whose fields carry no punctuation between them). A citation with no tagged fields keeps
only ``custom.raw`` and is parsed later by the reference-string parser.

Speed matters on articles with a hundred references: each ``<ref>`` is walked once
(:mod:`citekit.parsers.jats.refparts`), and items are finished without a second
normalisation pass.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from citekit.parsers.common import norm_isbn, norm_issn, page_range
from citekit.parsers.jats.load import find_child
from citekit.parsers.jats.refparts import Walked, spaced_text, unfolded_text, walk
from citekit.parsers.refitems import quick_id, render_reference
from citekit.record import Record, date_parts, normalize_doi

__all__ = ["parse_ref", "references"]

_TYPES = {
    "journal": "article-journal", "book": "book", "bookchapter": "chapter", "book-chapter": "chapter",
    "chapter": "chapter", "confproc": "paper-conference", "conf-proc": "paper-conference",
    "conference": "paper-conference", "proceedings": "paper-conference", "thesis": "thesis", "dissertation": "thesis",
    "report": "report", "gov": "report", "working-paper": "report", "web": "webpage", "webpage": "webpage",
    "website": "webpage", "blog": "post-weblog", "data": "dataset", "dataset": "dataset", "database": "dataset",
    "software": "software", "patent": "patent", "preprint": "article", "newspaper": "article-newspaper",
    "magazine": "article-magazine", "standard": "standard", "letter": "personal_communication",
    "discussion": "article-journal", "commun": "personal_communication", "list": "document", "other": "document",
}


def _whole_doi(value: str) -> str | None:
    """A DOI from a ``pub-id`` (the element holds only the DOI, so all of it counts, the
    ``<...>`` of a SICI DOI included)."""
    text = _DOI_LEAD.sub("", value.strip())
    return text if _WHOLE_DOI.match(text) else normalize_doi(value)


_DOI_LEAD = re.compile(r"^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_WHOLE_DOI = re.compile(r"10\.\d{4,9}/\S+$")
_DOI_IN = re.compile(r"(?:doi\s*:?\s*|doi\.org/)(10\.\d{4,9}/\S+)", re.IGNORECASE)


def _doi_in(text: str) -> str | None:
    match = _DOI_IN.search(text)
    return normalize_doi(match.group(1)) if match else None


_SLOTS = (
    ("volume", "volume"), ("issue", "issue"), ("edition", "edition"), ("publisher-name", "publisher"),
    ("publisher-loc", "publisher-place"), ("conf-loc", "event-place"), ("conf-name", "event-title"),
    ("series", "collection-title"), ("part-title", "part-title"), ("comment", "note"),
)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}


def _dates(record: Record, custom: dict[str, Any], texts: dict[str, str], accessed: str) -> None:
    year_text = texts.get("year-iso") or texts.get("year", "")
    match = year_text[:4] if year_text[:4].isdigit() else (m.group(0) if (m := re.search(r"\d{4}", year_text)) else "")
    if match:
        parts = [int(match)]
        month_text = texts.get("month", "")
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3].lower())
        if month and 1 <= month <= 12:
            parts.append(month)
            day = texts.get("day", "")
            if day.isdigit() and 1 <= int(day) <= 31:
                parts.append(int(day))
        record["issued"] = {"date-parts": [parts]}
        year = texts.get("year", "")
        if len(year) > 4:
            suffix = re.search(r"\d{4}([a-z])\b", year)
            if suffix:
                custom["year-suffix"] = suffix.group(1)
    elif texts.get("year"):
        record["issued"] = {"literal": texts["year"]}
    if accessed:
        from citekit.dates import parse_date

        when = parse_date(accessed)
        if when:
            record["accessed"] = date_parts(*when)


def _identifiers(record: Record, custom: dict[str, Any], links: list[tuple[str, str, str]]) -> None:
    for name, kind, value in links:
        if name == "pub-id":
            if kind == "doi" and normalize_doi(value):
                if "DOI" not in record:
                    record["DOI"] = _whole_doi(value)
            elif kind == "pmid" and value.isdigit():
                record.setdefault("PMID", value)
            elif kind in ("pmcid", "pmc"):
                record.setdefault("PMCID", value if value.upper().startswith("PMC") else f"PMC{value}")
            elif kind == "arxiv":
                custom.setdefault("identifiers", {})["arXiv"] = value
            elif value:
                custom.setdefault("identifiers", {})[kind or "other"] = value
        elif kind == "doi" or "doi.org/" in value:
            doi = normalize_doi(value)
            if doi:
                record.setdefault("DOI", doi)
        elif value.startswith(("http://", "https://", "ftp://")):
            record.setdefault("URL", value)


def _kind(record: Record, texts: dict[str, str], publication_type: str) -> str:
    """Title, container and CSL type from the citation's titles and its publication type."""
    article_title = texts.get("article-title") or texts.get("data-title")
    chapter_title = texts.get("chapter-title")
    source = texts.get("source")
    if chapter_title:
        record["title"] = chapter_title
        if source:
            record["container-title"] = source
        return "chapter"
    if article_title:
        record["title"] = article_title
        if source:
            record["container-title"] = source
        csl_type = _TYPES.get(publication_type, "article-journal")
        return "chapter" if csl_type == "book" else csl_type
    csl_type = _TYPES.get(publication_type, "book" if publication_type in ("", "book") and source else "document")
    if csl_type == "article-journal" and source:
        record["container-title"] = source  # a journal reference without an article title
    elif source:
        record["title"] = source
    return csl_type


def _raw_text(source: Any, label: str) -> str:
    """The reference as printed (the citation element's text), its label cut off."""
    raw = source if isinstance(source, str) else spaced_text(source)
    if label and raw.startswith(label):
        raw = raw[len(label) :].lstrip(" .")
    return raw


def _from_parts(walked: Walked) -> Record | None:
    ref_id, label, element, publication_type, raw_source, punctuated, names, texts, links, accessed, pages = walked
    if not element:
        printed = _raw_text(raw_source, label)
        return {"custom": {"raw": printed, **({"ref-id": ref_id} if ref_id else {})}} if printed else None
    custom: dict[str, Any] = {}
    # The names, read by CSL variable, open the record (an ``etal`` noted in ``custom``).
    # This runs for every reference, so the steps below are written inline, in the order
    # their fields go in.
    record: Record = names
    if "" in names:
        del names[""]
        custom["et-al"] = True
    if pages:
        record["number-of-pages"] = pages
    csl_type = _kind(record, texts, publication_type.lower())
    if "conf-name" in texts and "container-title" not in record:
        record["container-title"] = texts["conf-name"]
    if "trans-title" in texts or "trans-source" in texts:
        custom["translated-title"] = texts.get("trans-title") or texts.get("trans-source")
    for tag, slot in _SLOTS:
        if tag in texts and slot not in record:
            record[slot] = texts[tag]
    if "year" in texts or accessed:
        _dates(record, custom, texts, accessed)
    first = texts.get("fpage")
    if first:
        last = texts.get("lpage")
        record["page"] = f"{first}-{last}" if last and last != first else first
    elif "page-range" in texts or "elocation-id" in texts:
        _pages(record, texts)
    if links:
        _identifiers(record, custom, links)
    # The printed text is read only when it is used: to find a DOI, or as custom.raw.
    raw: str | None = None
    if "DOI" not in record and _mentions_doi(raw_source):
        raw = _raw_text(raw_source, label)
        _printed_doi(record, texts, raw)
    if "isbn" in texts:
        record["ISBN"] = norm_isbn(texts["isbn"]) or texts["isbn"]
    if "issn" in texts:
        record["ISSN"] = norm_issn(texts["issn"]) or texts["issn"]
    record["type"] = csl_type
    # Every field above is set only when non-empty: being there is being given.
    tagged = (
        "title" in record or "author" in record or "container-title" in record or "DOI" in record
        or "editor" in record
    )
    if tagged and not punctuated:
        raw = render_reference(record, etal="et-al" in custom) or raw
    raw = raw or _raw_text(raw_source, label)
    custom["raw"] = raw
    if label:
        custom["label"] = label.strip("[]().")
    if ref_id:
        custom["ref-id"] = ref_id
    if not tagged:
        return _identified(record, custom) if raw else None
    record["custom"] = custom
    # Every value above was set only when non-empty and csl_type is a CSL type, so the
    # item is finished by its id alone (what finish() would add).
    if "DOI" in record or "author" in record or "title" in record or "issued" in record:
        record["id"] = quick_id(record)
    return record


def _mentions_doi(source: Any) -> bool:
    """Whether the printed text may name a DOI: "doi" anywhere in the element's text,
    read unfolded (folding spaces and cutting the label off never make a "doi" appear,
    so the printed form is built only when this says yes)."""
    text = source if isinstance(source, str) else unfolded_text(source)
    return "doi" in text.lower()


def _pages(record: Record, texts: dict[str, str]) -> None:
    """``fpage``-``lpage``, else a ``page-range``, else the ``elocation-id``."""
    first = texts.get("fpage")
    if first:
        last = texts.get("lpage")
        record["page"] = f"{first}-{last}" if last and last != first else first
        return
    page = page_range(texts["page-range"]) if "page-range" in texts else None
    if page:
        record["page"] = page
    elif "elocation-id" in texts:
        record["page"] = texts["elocation-id"]


def _printed_doi(record: Record, texts: dict[str, str], raw: str) -> None:
    """A DOI the reference prints without a ``pub-id`` (in a comment or its text)."""
    if "doi" in raw.lower():
        found = _doi_in(texts.get("comment", "") or raw)
        if found:
            record["DOI"] = found


def _identified(record: Record, custom: dict[str, Any]) -> Record:
    """An untagged reference: its printed text and identifiers only."""
    out: Record = {"custom": custom}
    for key in ("DOI", "PMID", "PMCID", "URL"):
        if record.get(key):
            out[key] = record[key]
    return out


def _items(back: Any) -> list[Record]:
    out: list[Record] = []
    for walked in walk(back):
        made = _from_parts(walked)
        if made:
            out.append(made)
    return out


def parse_ref(ref: Any) -> Record | None:
    """One ``<ref>`` element as a CSL item (``custom.raw``, ``custom.label``, ``custom.ref-id``)."""
    from lxml import etree

    holder = etree.Element("back")
    holder.append(copy.deepcopy(ref))
    items = _items(holder)
    return items[0] if items else None


def references(article: Any) -> list[Record]:
    """Every reference of the article's back matter, in order (nested lists included)."""
    back = find_child(article, "back")
    if back is None:
        return []
    return _items(back)
