"""Labelled spans of a reference string into a CSL-JSON item.

The labeller (statistical or rule-based) decides *which* text is the title, the
volume, the pages...; the repairs of :mod:`citekit.parsers.refs.repairs` move what it
plainly put on the wrong side of a boundary; this module decides *what it means*,
deterministically: prefixes such as "Vol." and "pp." are dropped, "1425-37" becomes
"1425-1437", dates become date parts, editors and authors become CSL names, and the
reference type is inferred from the fields found and the words around them.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import parse_date
from citekit.parsers.refs.ident import Ident, clean_url
from citekit.parsers.refs.kinds import DATASET, GBT_MARKER, MEDIUM, REPORT, THESIS, infer_type
from citekit.parsers.refs.names import parse_names
from citekit.parsers.refs.repairs import RECORD, REPAIRS, Repair, apply_repairs
from citekit.parsers.refs.spans import Spans
from citekit.parsers.refs.values import (
    PAGES_COUNT,
    clean_number,
    clean_pages,
    clean_title,
    edition_number,
    split_volume,
    volume_tail,
)
from citekit.parsers.refs.years import VOLUME_DATE
from citekit.record import Record, normalize

__all__ = [
    "LABELS",
    "build_record",
    "clean_number",
    "clean_pages",
    "clean_title",
    "infer_type",
    "map_fields",
    "split_volume",
    "volume_tail",
]

# Labels shared by every labeller; training data is mapped onto these.
LABELS: tuple[str, ...] = (
    "citation-number", "author", "editor", "translator", "title", "container-title",
    "collection-title", "date", "volume", "issue", "pages", "publisher", "location",
    "edition", "genre", "note", "url", "doi", "identifier", "other",
)
# The names scripts/eval_refs.py reads gold spans with.
_PAGES_COUNT = PAGES_COUNT
_VOLUME_DATE = VOLUME_DATE


def _names(spans: list[str]) -> tuple[list[dict[str, str]], bool]:
    names: list[dict[str, str]] = []
    et_al = False
    for span in spans:
        found, cut = parse_names(span)
        names.extend(found)
        et_al = et_al or cut
    return names, et_al


_UNDATED = re.compile(
    r"\b(?:n\.\s?d\.|s\.\s?d\.|o\.\s?J\.|no date|sans date|in press|forthcoming|im druck|sous presse|en prensa)\b",
    re.IGNORECASE,
)


def _date(spans: list[str]) -> tuple[list[int] | None, str]:
    text = " ".join(spans)
    if _UNDATED.search(text):
        status = re.search(r"in press|forthcoming|im druck|sous presse|en prensa", text, re.IGNORECASE)
        parts = parse_date(text)
        return parts, status.group(0).lower() if status else ""
    # "Aug2014 .": a month glued to its year.
    return parse_date(text) or parse_date(re.sub(r"(?<=[A-Za-z.])(?=(?:1[5-9]|20)\d\d\b)", " ", text)), ""




def build_record(chunks: Spans, idents: list[Ident], raw: str, *, repairs: tuple[Repair, ...] = REPAIRS) -> Record:
    """A normalised CSL item from labelled spans and exact identifiers.

    The ``"record"`` stage of ``repairs`` runs first (years left in other fields, numbers
    behind Korean or Russian markers, editors read as authors...), then :func:`map_fields`.

    :param chunks: label → the text of each span with that label, in order.
    :param idents: identifiers found exactly in the string.
    :param raw: the original reference string (kept in ``custom.raw``).
    :param repairs: the repairs to run (:data:`~citekit.parsers.refs.repairs.REPAIRS`, or fewer).
    :returns: the record (``type`` and ``id`` set).
    """
    return map_fields(apply_repairs(chunks, raw, RECORD, repairs), idents, raw)


def map_fields(spans: Spans, idents: list[Ident], raw: str) -> Record:
    """Repaired spans as a normalised CSL item: each label's spans cleaned into its field.

    :param spans: label → the text of each span with that label, in order.
    :param idents: identifiers found exactly in the string.
    :param raw: the original reference string (kept in ``custom.raw``).
    :returns: the record (``type`` and ``id`` set).
    """
    record: Record = {}
    custom: dict[str, Any] = {"raw": raw}
    editor_et_al = _put_names(record, custom, spans)
    spans = _put_titles(record, spans)
    for label, key in _TEXT_FIELDS:
        values = [clean_title(t, container=True) for t in spans.get(label, []) if clean_title(t, container=True)]
        if values:
            record[key] = "; ".join(values) if label == "publisher" else values[0]
    _put_date(record, spans)
    _put_numbers(record, spans)
    _put_edition(record, spans)
    notes = [n.strip(" ,;.") for n in spans.get("note", []) if any(c.isalnum() for c in n)]  # not a lone quote
    if notes:
        record["note"] = "; ".join(notes)
    _put_identifiers(record, custom, spans, idents)
    accessed = _ACCESSED.search(raw)
    when = parse_date(accessed.group(1)) if accessed else None
    if when:
        record["accessed"] = {"date-parts": [when]}
    numbers = spans.get("citation-number", [])
    digits = re.sub(r"\D", "", numbers[0]) if numbers else ""
    if digits:
        custom["citation-number"] = digits
    record["custom"] = custom
    record["type"] = infer_type(record, raw, spans)
    thesis = THESIS.search(" ".join(spans.get("note", []))) if record["type"] == "thesis" else None
    if thesis and "genre" not in record:
        record["genre"] = thesis.group(0)
    if record["type"] == "chapter" and editor_et_al:
        custom["editor-et-al"] = True
    return normalize(record, default_type="document")


# Labels whose first span (every span, for publishers) is the field's text.
_TEXT_FIELDS = (
    ("collection-title", "collection-title"),
    ("collection-number", "collection-number"),
    ("publisher", "publisher"),
    ("location", "publisher-place"),
    ("genre", "genre"),
)
_ACCESSED = re.compile(
    r"(?:accessed|retrieved|consulted|last visited|abgerufen|zugegriffen|(?:letzter\s+)?zugriff|consult[ée] le"
    r"|acesso em|consultado|consultato|ultimo accesso|geraadpleegd)"
    r"\s*(?:on|le|am|el|em|il|op)?\s*:?\s*((?:\d{1,2}\.\s*)?[^.;\]]+\d)",
    re.IGNORECASE,
)


def _put_names(record: Record, custom: dict[str, Any], spans: Spans) -> bool:
    """Authors, editors and translators as CSL names; returns whether the editors' list was cut short."""
    authors, et_al = _names(spans.get("author", []))
    if authors:
        record["author"] = authors
    if et_al:
        custom["et-al"] = True
    editors, editor_et_al = _names(spans.get("editor", []))
    if editors:
        record["editor"] = editors
    translators, _ = _names(spans.get("translator", []))
    if translators:
        record["translator"] = translators
    return editor_et_al


_BRACKET_TAIL = re.compile(r"\s*\[([^\]]{3,60})\]\s*$")


def _put_titles(record: Record, spans: Spans) -> Spans:
    """The title and the container. A bracketed description after the title ("[Motion
    picture]", "[Doctoral dissertation]") is the genre: returns ``spans`` with it added."""
    titles = [title for title in (clean_title(GBT_MARKER.sub(" ", t)) for t in spans.get("title", [])) if title]
    bracket = _BRACKET_TAIL.search(titles[0]) if titles else None
    if bracket and _describes_kind(bracket):
        spans = {**spans, "genre": [*spans.get("genre", []), bracket.group(1)]}
        titles[0] = titles[0][: bracket.start()]
    if titles:
        record["title"] = titles[0]
    containers = [c for c in (clean_title(t, container=True) for t in spans.get("container-title", [])) if c]
    if containers:
        record["container-title"] = containers[0]
    return spans


def _describes_kind(bracket: re.Match[str]) -> bool:
    """True when a bracketed title tail names a kind of work (thesis, report, dataset, medium)."""
    inside = bracket.group(1)
    said = THESIS.search(inside) or REPORT.search(inside)
    return bool(said or DATASET.search(bracket.group(0)) or MEDIUM.match(inside))


# A span of years standing alone as the date: a work in several volumes ("Venezia
# 1878-1893"), a journal volume or an academic year straddling two ("1965-66").
_YEAR_SPAN = re.compile(r"^\W*((?:1[5-9]|20)\d\d)\s?[-‐‑‒–—―−/]\s?(\d{4}|\d\d)\W*$")


def _year_span(spans: list[str]) -> list[list[int]] | None:
    """``[[start], [end]]`` when the date is a span of years alone, else ``None``."""
    match = _YEAR_SPAN.match(" ".join(spans))
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    last = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    return [[start], [last]] if start < last <= start + 100 else None


def _put_date(record: Record, spans: Spans) -> None:
    """The date as date parts (a span of years as a CSL range), with its year suffix
    ("2012a") and status ("in press")."""
    parts, status = _date(spans.get("date", []))
    if parts:
        record["issued"] = {"date-parts": _year_span(spans.get("date", [])) or [parts]}
        suffix = re.search(rf"\b{parts[0]}([a-z])\b", " ".join(spans.get("date", [])))
        if suffix:
            record["year-suffix"] = suffix.group(1)
    if status:
        record["status"] = status


def _put_numbers(record: Record, spans: Spans) -> None:
    """Volume, issue and pages (or a book's number of pages: "368 pp.")."""
    volumes = [split_volume(t) for t in spans.get("volume", []) if clean_number(t)]
    if volumes:
        record["volume"] = volumes[0][0]
        if volumes[0][1]:
            record["issue"] = volumes[0][1]
    counts = [re.sub(r"\D", "", t) for t in spans.get("number-of-volumes", [])]
    if counts and counts[0]:
        record["number-of-volumes"] = counts[0]
    issues = [clean_number(t) for t in spans.get("issue", []) if clean_number(t)]
    if issues:
        record["issue"] = issues[0]
    pages = " ".join(spans.get("pages", []))
    if not pages and spans.get("volume"):
        pages = volume_tail(spans["volume"][0])[2]  # "14(2):974-983" read as one volume
    if not pages:
        return
    count = PAGES_COUNT.match(pages.strip(" .,;()"))
    if count and not re.search(r"\bpp?\.?\s*\d", pages, re.IGNORECASE):
        record["number-of-pages"] = re.sub(r"\D+", " ", count.group(1)).split()[-1]
        return
    cleaned = clean_pages(pages)
    if cleaned:
        record["page"] = cleaned


_EDITION_THEN_MORE = re.compile(
    r"^(.*?\b(?:ed|edn|edition|éd|édition|aufl|auflage|edición|edição)\b\.?)[\s,.;]+(\S.*)$", re.IGNORECASE
)
_PLACE_PUBLISHER = re.compile(r"^([^:;,.]{2,40}?)\s*:\s*([^:;]{2,80}?)[\s.,;]*$")


def _put_edition(record: Record, spans: Spans) -> None:
    """The edition number; "2nd ed. Milano: Einaudi" read as one edition also gives the
    place and publisher (when no publisher was found)."""
    editions = spans.get("edition") or []
    extra = _EDITION_THEN_MORE.match(editions[0]) if editions else None
    if extra:
        place = _PLACE_PUBLISHER.match(extra.group(2))
        if place and not record.get("publisher"):
            record["publisher-place"], record["publisher"] = place.group(1).strip(), place.group(2).strip()
        editions = [extra.group(1), *editions[1:]]
    numbers = [edition_number(t) for t in editions if edition_number(t)]
    if numbers:
        record["edition"] = numbers[0]


_RECORD_IDS = ("ISBN", "ISSN", "PMID", "PMCID")


def _put_identifiers(record: Record, custom: dict[str, Any], spans: Spans, idents: list[Ident]) -> None:
    """DOI, URL, ISBN, ISSN, PMID and PMCID as fields (the first of each); arXiv and other
    identifiers under ``custom.identifiers``; a URL span when no URL was found exactly."""
    identifiers: dict[str, str] = {}
    for ident in idents:
        if ident.kind in ("DOI", "URL") or ident.kind in _RECORD_IDS:
            record.setdefault(ident.kind, ident.value)
        else:
            identifiers.setdefault(ident.kind, ident.value)
    if "URL" not in record:
        for url in spans.get("url", []):
            found = re.search(r"(?:https?://|www\.)\S+", url)
            if found:
                record["URL"] = clean_url(found.group(0))
                break
    if identifiers:
        custom["identifiers"] = identifiers
