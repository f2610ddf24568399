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
from citekit.formats import looks_like_medline
from citekit.names import split_name
from citekit.parsers.pubmed_parts import dotted, expand_pages, strip_period
from citekit.record import Record, normalize, normalize_doi

__all__ = ["looks_like_medline", "parse_medline"]

_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3})\s*- (.*)$")
_ID_KIND = re.compile(r"^(.*?)\s*\[(\w+)\]\s*$")
# CSL variable <- MEDLINE tag, for values taken as they are.
_TEXT_TAGS = (
    ("PMID", "PMID"),
    ("PMCID", "PMC"),
    ("abstract", "AB"),
    ("language", "LA"),
    ("publisher", "PB"),
)
# Publication types (PubMed's and ERIC's) that say what the work is, else an article.
_TYPES = {
    "book": "book",
    "books": "book",
    "book chapter": "chapter",
    "dataset": "dataset",
    "preprint": "article",
    "journal articles": "article-journal",
    "reports - research": "report",
    "reports - descriptive": "report",
    "reports - evaluative": "report",
    "reports - general": "report",
    "dissertations/theses - doctoral dissertations": "thesis",
    "dissertations/theses - masters theses": "thesis",
    "dissertations/theses": "thesis",
}
# When several publication types apply ("Journal Articles" and "Reports - Research"), the
# first of these wins.
_TYPE_ORDER = ("chapter", "book", "thesis", "dataset", "article", "article-journal", "report")
_ISSN = re.compile(r"^(?:E?ISSN-)?(\d{4}-?\d{3}[\dXx])")
_MESH_TAGS = ("MH",)


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
    record: Record = {"type": ctype, "title": strip_period(title)}
    container = tags.first("BTI") if ctype == "chapter" else tags.first("JT")
    if ctype == "thesis":
        # ERIC: JT names the archive ("ProQuest LLC"), SO the degree and the university.
        record["archive"] = container
        source = re.match(r".*(?:Dissertation|Thesis)[^,]*,\s*(.+)$", tags.first("SO"))
        record["publisher"] = source.group(1) if source else ""
    elif ctype in ("report", "book") and container:
        record["publisher"] = container  # ERIC: the issuing body ("ACT, Inc.") in JT
    else:
        record["container-title"] = container
    record["container-title-short"] = tags.first("TA")
    return record


def _person(value: str) -> dict[str, str]:
    name = split_name(value)
    if name.get("given"):
        name["given"] = dotted(name["given"])
    return name


def _names(tags: _Tags, record: Record) -> None:
    for role, full, short in (("author", "FAU", "AU"), ("editor", "FED", "ED")):
        names = [_person(v) for v in tags.every(full)] or [_person(v) for v in tags.every(short)]
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
    ids = tags.every("LID") + tags.every("AID")
    if ids:
        tags.used.update({"LID", "AID"})
    record["DOI"] = normalize_doi(_identifier(ids, "doi")) or ""
    pii = _identifier(ids, "pii")
    # Zotero's rule (as for PubMed XML): an article without pages is cited by its pii.
    record["page"] = expand_pages(tags.first("PG")) or pii
    if pii:
        record.setdefault("custom", {}).setdefault("identifiers", {})["pii"] = pii
    for variable, tag in _TEXT_TAGS:
        record[variable] = record.get(variable) or tags.first(tag)
    record["license"] = tags.first("CI")
    record["publisher-place"] = tags.first("PL") if record["type"] in ("book", "chapter") else ""
    record["collection-title"] = tags.first("CTI")
    record["edition"] = tags.first("EN")
    if tags.every("OWN")[:1] == ["ERIC"] and tags.first("OID"):
        record["note"] = f"ERIC Number: {tags.first('OID')}"


def _mesh(value: str) -> dict[str, Any]:
    """One ``MH`` line ("Brain/*enzymology/metabolism", "*Animals") as PubMed XML's heading."""
    descriptor, *qualifiers = value.split("/")
    heading: dict[str, Any] = {"descriptor": descriptor.lstrip("*"), "major": descriptor.startswith("*")}
    if qualifiers:
        heading["qualifiers"] = [{"name": q.lstrip("*"), "major": q.startswith("*")} for q in qualifiers]
    return heading


def _numbers(tags: _Tags, record: Record) -> None:
    issns = [m.group(1) for m in (_ISSN.match(v) for v in tags.every("IS") + tags.every("ISSN")) if m]
    if issns:
        record["ISSN"] = ", ".join(dict.fromkeys(issns))
        tags.used.update({"IS", "ISSN"})
    if tags.every("ISBN"):
        record["ISBN"] = ", ".join(v.removeprefix("ISBN-") for v in tags.every("ISBN"))
        tags.used.add("ISBN")
    keywords = tags.every("OT")
    if keywords:
        record["keyword"] = ", ".join(dict.fromkeys(keywords))
        tags.used.add("OT")
    headings = [_mesh(v) for v in tags.every("MH") if v.strip("*/")]
    if headings:
        # Kept as PubMed XML's reader keeps them, beside (not instead of) the keywords.
        record.setdefault("custom", {})["mesh"] = headings
        tags.used.add("MH")


def _in_journal(tags: _Tags) -> bool:
    """Whether the citation is to a journal issue: an ERIC journal number (``EJ``, where
    ``ED`` numbers documents) or a volume with an ISSN."""
    oid = (tags.values.get("OID") or [""])[0]
    return oid.upper().startswith("EJ") or bool(
        tags.values.get("VI") and (tags.values.get("IS") or tags.values.get("ISSN"))
    )


def _record(citation: Sequence[tuple[str, str]]) -> Record:
    tags = _Tags(citation)
    kinds = tags.every("PT")
    tags.used.add("PT")
    types = {_TYPES.get(k.lower()) for k in kinds}
    ctype = next((t for t in _TYPE_ORDER if t in types), "article-journal")
    if ctype == "report" and _in_journal(tags):
        ctype = "article-journal"  # ERIC calls a research article "Reports - Research" too
    record = _titles(tags, ctype)
    _names(tags, record)
    _details(tags, record)
    _numbers(tags, record)
    kept: dict[str, Any] = {tag: vals for tag, vals in tags.values.items() if tag not in tags.used}
    if kept:
        record.setdefault("custom", {})["medline"] = kept
    return normalize(record, default_type="article-journal")


def parse_medline(text: str) -> tuple[list[Record], list[Problem]]:
    """Records from MEDLINE text, and the problems met (with their lines).

    :param text: the file's text.
    :returns: one record per citation (those without a title or PMID are reported and skipped).
    """
    records: list[Record] = []
    problems: list[Problem] = []
    for line, tags in _records(text):
        if not any(tag in ("TI", "BTI", "PMID", "OID") for tag, _ in tags):
            problems.append(Problem("MEDLINE record without PMID or title; skipped", line))
            continue
        records.append(_record(tags))
    return records, problems
