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
from citekit.names import split_name
from citekit.record import Record, normalize, normalize_doi, normalize_pages

__all__ = ["looks_like_medline", "parse_medline"]

_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3})\s*- (.*)$")
_MEDLINE = re.compile(r"^PMID- ?\d", re.MULTILINE)
_ID_KIND = re.compile(r"^(.*?)\s*\[(\w+)\]\s*$")
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


def _record(tags: Sequence[tuple[str, str]]) -> Record:
    values: dict[str, list[str]] = {}
    for tag, value in tags:
        values.setdefault(tag, []).append(value)
    used: set[str] = set()

    def first(*names: str) -> str:
        for name in names:
            if values.get(name):
                used.add(name)
                return values[name][0]
        return ""

    kinds = values.get("PT", [])
    ctype = next((_BOOK_TYPES[k] for k in kinds if k in _BOOK_TYPES), "article-journal")
    used.add("PT")
    # PubMed ends every title with a period; styles add their own punctuation.
    title = first("TI") or first("BTI")
    record: Record = {"type": ctype, "title": title[:-1] if title.endswith(".") and not title.endswith("..") else title}
    if ctype == "chapter":
        record["container-title"] = first("BTI")
    else:
        record["container-title"] = first("JT")
    record["container-title-short"] = first("TA")
    for role, full, short in (("author", "FAU", "AU"), ("editor", "FED", "ED")):
        names = [split_name(v) for v in values.get(full, [])] or [split_name(v) for v in values.get(short, [])]
        used.update({full, short})
        if role == "author":
            names += [{"literal": v} for v in values.get("CN", [])]
            used.add("CN")
        if names:
            record[role] = [n for n in names if n]
    parts = parse_date(first("DP")) or parse_date(first("DEP"))
    if parts:
        record["issued"] = {"date-parts": [parts]}
    record["volume"] = first("VI")
    record["issue"] = first("IP")
    record["page"] = normalize_pages(first("PG"))
    ids = values.get("LID", []) + values.get("AID", [])
    record["DOI"] = normalize_doi(_identifier(ids, "doi")) or ""
    if ids:
        used.update({"LID", "AID"})
    record["PMID"] = first("PMID")
    record["PMCID"] = first("PMC")
    record["abstract"] = first("AB")
    record["language"] = first("LA")
    record["publisher"] = first("PB")
    record["publisher-place"] = first("PL") if ctype in ("book", "chapter") else ""
    record["collection-title"] = first("CTI")
    record["edition"] = first("EN")
    issns = [re.sub(r"\s*\(.*\)$", "", v) for v in values.get("IS", [])]
    if issns:
        record["ISSN"] = ", ".join(dict.fromkeys(issns))
        used.add("IS")
    if values.get("ISBN"):
        record["ISBN"] = ", ".join(values["ISBN"])
        used.add("ISBN")
    keywords = values.get("OT", []) or [v.lstrip("*").split("/")[0] for v in values.get("MH", [])]
    if keywords:
        record["keyword"] = ", ".join(dict.fromkeys(keywords))
        used.update({"OT", "MH"})
    kept: dict[str, Any] = {tag: vals for tag, vals in values.items() if tag not in used}
    if kept:
        record["custom"] = {"medline": kept}
    return normalize(record, default_type="article-journal")


def parse_medline(text: str) -> tuple[list[Record], list[str]]:
    """Records from MEDLINE text, and problems as ``"line N: ..."`` strings.

    :param text: the file's text.
    :returns: one record per citation (those without a title or PMID are reported and skipped).
    """
    records: list[Record] = []
    problems: list[str] = []
    for line, tags in _records(text):
        if not any(tag in ("TI", "BTI", "PMID") for tag, _ in tags):
            problems.append(f"line {line}: MEDLINE record without PMID or title; skipped")
            continue
        records.append(_record(tags))
    return records, problems
