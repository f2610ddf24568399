"""One RIS record (its tag/value lines) to a CSL-JSON record."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from citekit.dates import parse_date
from citekit.formats.ris_tags import (
    ABSTRACT_TAGS,
    CONTAINER_TAGS,
    NAME_TAGS,
    SHORT_CONTAINER_TAGS,
    TEXT_TAGS,
    TITLE_TAGS,
    URL_TAGS,
)
from citekit.formats.types import csl_type_from_ris, ris_type
from citekit.names import split_name
from citekit.record import Record, find_doi, normalize, normalize_doi, normalize_pages

__all__ = ["record_from_tags", "ris_date", "ris_name"]

_RIS_DATE = re.compile(r"^\s*(\d{4})(?:\s*[/-]\s*(\d{1,2})?)?(?:\s*[/-]\s*(\d{1,2})?)?")
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_CORPORATE = re.compile(
    r"\b(organi[sz]ation|association|society|group|consortium|committee|institute|university|council|agency|"
    r"collaboration|network|project|team|foundation|department|ministry|office|board|commission|centre|center|"
    r"working party|investigators|trialists|institution|inc|ltd|gmbh|corporation|company|laborator(?:y|ies)|"
    r"instituto|institut|universidad|universidade|universit[ée]|universit[äa]t|ministerio|minist[èe]re|agencia|"
    r"agence|consejo|conseil|sociedad|soci[ée]t[ée]|gesellschaft|verein|servi[cç]o|service)\b",
    re.IGNORECASE,
)
_BOOKISH = frozenset({"book", "collection", "classic"})
_WHOLE_WORKS = frozenset({"book", "collection", "classic", "thesis", "report"})


def ris_date(value: str) -> list[int] | None:
    """Date parts from a RIS date: ``2014/09/10/``, ``2014///``, ``2014``, ``2014 Jan 15``."""
    match = _RIS_DATE.match(value)
    if match and not re.match(r"^\s*\d{4}\s+[A-Za-z]", value):
        parts = [int(match.group(1))]
        month = int(match.group(2)) if match.group(2) else 0
        day = int(match.group(3)) if match.group(3) else 0
        if 1 <= month <= 12:
            parts.append(month)
            if 1 <= day <= 31:
                parts.append(day)
        return parts
    return parse_date(value)


def ris_name(value: str) -> dict[str, str]:
    """A CSL name from a RIS name: ``Last, First, Suffix``, ``Last,First`` or ``First Last``."""
    text = " ".join(value.split()).strip(" ;")
    if not text:
        return {}
    if len(text.split()) == 1 and "," not in text:
        return {"family": text}  # "Aristotle", "Intel": one name, nothing to split
    head = text.split(",")[0]
    if (_CORPORATE.search(head) and len(head.split()) >= 2) or (
        len(text.split()) >= 4 and _CORPORATE.search(text) and text.count(",") != 1
    ):
        return {"literal": text}
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        name = {
            "family": parts[0],
            "given": parts[1] if len(parts) > 1 else "",
            "suffix": ", ".join(p for p in parts[2:] if p),
        }
        return {k: v for k, v in name.items() if v}
    if len(text.split()) >= 3 and _CORPORATE.search(text):
        return {"literal": text}
    return split_name(text)


def _page(start: str, end: str) -> str:
    start, end = start.strip(), end.strip()
    if not start:
        return normalize_pages(end)
    if re.search(r"\w\s*[-\u2013\u2014]", start) or not end or end == start:
        return normalize_pages(start)
    return normalize_pages(f"{start}-{end}")


def record_from_tags(tags: Sequence[tuple[str, str]]) -> Record:
    """A CSL-JSON record from one RIS record's ``(tag, value)`` lines, ``TY`` first.

    :param tags: the lines in file order; repeated tags allowed.
    :returns: a normalised record; tags without a CSL home under ``custom.ris``.
    """
    values: dict[str, list[str]] = {}
    for tag, value in tags:
        if value:
            values.setdefault(tag, []).append(value)
    ty = tags[0][1] if tags and tags[0][0] == "TY" else ""
    ctype = csl_type_from_ris(ty)
    record: Record = {"type": ctype}
    used: dict[str, int] = {"TY": 1}

    def first(*names: str) -> str:
        for name in names:
            if values.get(name):
                used[name] = max(used.get(name, 0), 1)
                return values[name][0]
        return ""

    title_tags = TITLE_TAGS if ctype in _BOOKISH or ctype == "manuscript" else TITLE_TAGS[:-1]
    record["title"] = first(*title_tags)
    container_tags = CONTAINER_TAGS if ctype not in _BOOKISH else ("T2", "JF", "JO")
    record["container-title"] = first(*container_tags)
    short = first(*SHORT_CONTAINER_TAGS)
    if not short and values.get("JO") and used.get("JO") is None and record["container-title"]:
        short = first("JO")
    record["container-title-short"] = short
    if not record["container-title"] and short:
        record["container-title"] = short
    for tag, variable in NAME_TAGS.items():
        if tag == "A2" and ctype in _BOOKISH:
            variable = "collection-editor"
        for value in values.get(tag, ()):
            name = ris_name(value)
            if name:
                record.setdefault(variable, []).append(name)
        if tag in values:
            used[tag] = len(values[tag])
    for tag, variable in TEXT_TAGS.items():
        if tag in values and not record.get(variable):
            record[variable] = first(tag)
    record["abstract"] = first(*ABSTRACT_TAGS)

    issued: list[int] | None = None
    for tag in ("PY", "Y1", "DA"):
        if tag in values:
            parts = ris_date(values[tag][0])
            used[tag] = 1
            if parts and (issued is None or (parts[0] == issued[0] and len(parts) > len(issued))):
                issued = parts
    if issued:
        record["issued"] = {"date-parts": [issued]}
    if "Y2" in values:
        accessed = ris_date(values["Y2"][0])
        if accessed:
            record["accessed"] = {"date-parts": [accessed]}
            used["Y2"] = 1

    start, end = first("SP"), first("EP")
    if ctype in _WHOLE_WORKS and start.isdigit() and not end:
        record["number-of-pages"] = start  # RIS 2011: SP of a book or thesis is its page count
    else:
        record["page"] = _page(start, end)
    numbers: dict[str, list[str]] = {"ISSN": [], "ISBN": []}
    for value in values.get("SN", ()):
        for number in re.split(r"[\s;,]+(?=\d)", value):
            number = number.strip().split(" ")[0]
            if number:
                numbers["ISSN" if _ISSN.match(number) else "ISBN"].append(number)
        used["SN"] = len(values["SN"])
    for key, collected in numbers.items():
        if collected:
            record[key] = ", ".join(dict.fromkeys(collected))

    doi = normalize_doi(first("DO"))
    if not doi:
        for tag in ("UR", "N1", "M3", "M1", "L3"):
            for value in values.get(tag, ()):
                lowered = value.lower()
                explicit = (
                    lowered.startswith(("doi:", "10."))
                    or re.match(r"https?://(dx\.)?doi\.org/", lowered)
                    or (tag != "UR" and "doi" in lowered)
                )
                found = find_doi(value) if explicit else None
                if found:
                    doi = found
                    break
            if doi:
                break
    record["DOI"] = doi
    urls = [u for tag in URL_TAGS for u in values.get(tag, ())]
    if urls:
        record["URL"] = urls[0]
        used["UR" if values.get("UR") else "L3"] = 1
    reference_id = first("ID")
    if reference_id and re.fullmatch(r"(?=.*[A-Za-z])[^\s,{}#%~=\\\"']+", reference_id):
        record["citation-key"] = reference_id  # a real key ("smith2020"), not a record number
    elif reference_id:
        used.pop("ID", None)
    keywords = [k.strip() for k in values.get("KW", ()) if k.strip()]
    if keywords:
        record["keyword"] = ", ".join(keywords)
        used["KW"] = len(values["KW"])

    kept: dict[str, Any] = {}
    for tag, tag_values in values.items():
        rest = tag_values[used.get(tag, 0) :]
        if rest:
            kept[tag] = rest
    if ty and ris_type(ctype) != ty.strip().upper():
        kept["TY"] = [ty]  # e.g. CONF or "Journal Article": written back as it was
    if kept:
        record["custom"] = {"ris": kept}
    return normalize(record, default_type="document")
