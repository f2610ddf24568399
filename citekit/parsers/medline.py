"""PubMed's MEDLINE/``.nbib`` format (``PMID- ``, ``TI  - ``, ``FAU - ``) → CSL-JSON records.

PubMed's "Citation manager" export looks like RIS but is not: four-character tags
(``PMID``, ``FAU``, ``LID``), six-space continuation lines, no ``TY``/``ER``, records
separated by blank lines. :mod:`citekit.parsers.ris` hands such text here. Tags with no
CSL home are kept under ``custom.medline``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from citekit.dates import parse_date
from citekit.errors import Problem
from citekit.names import split_name
from citekit.record import Record, normalize, normalize_doi, normalize_pages

__all__ = ["looks_like_medline", "parse_medline"]

_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3})\s*- (.*)$")
_MEDLINE = re.compile(r"^PMID- ?\d", re.MULTILINE)
_ID_KIND = re.compile(r"^(.*?)\s*\[(\w+)\]\s*$")
# CSL variable <- MEDLINE tag, for values taken as they are.
_TEXT_TAGS = (
    ("PMID", "PMID"),
    ("PMCID", "PMC"),
    ("abstract", "AB"),
    ("language", "LA"),
    ("publisher", "PB"),
)
_BOOK_TYPES = {"Book": "book", "Book Chapter": "chapter", "Dataset": "dataset", "Preprint": "article"}


def looks_like_medline(text: str) -> bool:
    """True for PubMed MEDLINE text (a ``PMID-`` line and no RIS ``TY`` line)."""
    head = text[:20000]
    return bool(_MEDLINE.search(head)) and not re.search(r"^TY  - ", head, re.MULTILINE)


def _records(text: str) -> list[tuple[int, list[tuple[str, str]]]]:
    out: list[tuple[int, list[tuple[str, str]]]] = []
    current: list[tuple[str, str]] = []
    start = 0
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            if current:
                out.append((start, current))
                current = []
            continue
        match = _TAG.match(line)
        if match and not line.startswith(" "):
            if match.group(1) == "PMID" and current:
                out.append((start, current))
                current = []
            if not current:
                start = number
            current.append((match.group(1), match.group(2).strip()))
        elif current:
            tag, value = current[-1]
            current[-1] = (tag, f"{value} {line.strip()}")
    if current:
        out.append((start, current))
    return out


def _identifier(values: Sequence[str], kind: str) -> str:
    for value in values:
        match = _ID_KIND.match(value)
        if match and match.group(2).lower() == kind:
            return match.group(1)
    return ""


class _Tags:
    """One citation's values by tag, and which tags a CSL variable took."""

    __slots__ = ("used", "values")

    def __init__(self, tags: Sequence[tuple[str, str]]) -> None:
        self.values: dict[str, list[str]] = {}
        for tag, value in tags:
            self.values.setdefault(tag, []).append(value)
        self.used: set[str] = set()

    def first(self, *names: str) -> str:
        """The first value of the first of ``names`` present (marked used), else ``""``."""
        for name in names:
            if self.values.get(name):
                self.used.add(name)
                return self.values[name][0]
        return ""

    def every(self, name: str) -> list[str]:
        """Every value of ``name`` (not marked used)."""
        return self.values.get(name, [])


def _titles(tags: _Tags, ctype: str) -> Record:
    # PubMed ends every title with a period; styles add their own punctuation.
    title = tags.first("TI") or tags.first("BTI")
    record: Record = {"type": ctype, "title": title[:-1] if title.endswith(".") and not title.endswith("..") else title}
    record["container-title"] = tags.first("BTI") if ctype == "chapter" else tags.first("JT")
    record["container-title-short"] = tags.first("TA")
    return record


def _names(tags: _Tags, record: Record) -> None:
    for role, full, short in (("author", "FAU", "AU"), ("editor", "FED", "ED")):
        names = [split_name(v) for v in tags.every(full)] or [split_name(v) for v in tags.every(short)]
        tags.used.update({full, short})
        if role == "author":
            names += [{"literal": v} for v in tags.every("CN")]  # collective (group) authors
            tags.used.add("CN")
        if names:
            record[role] = [n for n in names if n]


def _details(tags: _Tags, record: Record) -> None:
    parts = parse_date(tags.first("DP")) or parse_date(tags.first("DEP"))
    if parts:
        record["issued"] = {"date-parts": [parts]}
    record["volume"] = tags.first("VI")
    record["issue"] = tags.first("IP")
    record["page"] = normalize_pages(tags.first("PG"))
    ids = tags.every("LID") + tags.every("AID")
    record["DOI"] = normalize_doi(_identifier(ids, "doi")) or ""
    if ids:
        tags.used.update({"LID", "AID"})
    for variable, tag in _TEXT_TAGS:
        record[variable] = tags.first(tag)
    record["publisher-place"] = tags.first("PL") if record["type"] in ("book", "chapter") else ""
    record["collection-title"] = tags.first("CTI")
    record["edition"] = tags.first("EN")


def _numbers(tags: _Tags, record: Record) -> None:
    issns = [re.sub(r"\s*\(.*\)$", "", v) for v in tags.every("IS")]  # "1234-5679 (Print)"
    if issns:
        record["ISSN"] = ", ".join(dict.fromkeys(issns))
        tags.used.add("IS")
    if tags.every("ISBN"):
        record["ISBN"] = ", ".join(tags.every("ISBN"))
        tags.used.add("ISBN")
    keywords = tags.every("OT") or [v.lstrip("*").split("/")[0] for v in tags.every("MH")]
    if keywords:
        record["keyword"] = ", ".join(dict.fromkeys(keywords))
        tags.used.update({"OT", "MH"})


def _record(citation: Sequence[tuple[str, str]]) -> Record:
    tags = _Tags(citation)
    kinds = tags.every("PT")
    tags.used.add("PT")
    record = _titles(tags, next((_BOOK_TYPES[k] for k in kinds if k in _BOOK_TYPES), "article-journal"))
    _names(tags, record)
    _details(tags, record)
    _numbers(tags, record)
    kept: dict[str, Any] = {tag: vals for tag, vals in tags.values.items() if tag not in tags.used}
    if kept:
        record["custom"] = {"medline": kept}
    return normalize(record, default_type="article-journal")


def parse_medline(text: str) -> tuple[list[Record], list[Problem]]:
    """Records from MEDLINE text, and the problems met (with their lines).

    :param text: the file's text.
    :returns: one record per citation (those without a title or PMID are reported and skipped).
    """
    records: list[Record] = []
    problems: list[Problem] = []
    for line, tags in _records(text):
        if not any(tag in ("TI", "BTI", "PMID") for tag, _ in tags):
            problems.append(Problem("MEDLINE record without PMID or title; skipped", line))
            continue
        records.append(_record(tags))
    return records, problems
