"""RIS export (the 2011 tag set Zotero, EndNote, Mendeley and rispy read).

One ``TY``…``ER`` block per record: ``TI``, ``AU`` (``Family, Given, Suffix``), ``A2``/``ED``
editors, ``T2`` container, ``J2`` abbreviation, ``PY`` year and ``DA`` full date
(``YYYY/MM/DD/``), ``VL``/``IS``, ``SP``/``EP``, ``SN``, ``DO`` (bare DOI), ``UR``, one ``KW``
per keyword, ``AB`` on one line, and the tags an import kept under ``custom.ris``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from citekit.errors import ExportError
from citekit.formats.types import csl_type_from_ris, ris_type
from citekit.record import Record, normalize_doi, parts_of

__all__ = ["dumps", "format_name", "record_lines"]

_SPACES = re.compile(r"\s+")
_RANGE = re.compile(r"^\s*([^\s\u2013\u2014-]+)\s*[-\u2013\u2014]+\s*(\S+)\s*$")
_BOOKISH = frozenset({"book", "collection", "classic"})
_WHOLE_WORKS = frozenset({"book", "collection", "classic", "thesis", "report"})


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _one_line(value: Any) -> str:
    return _SPACES.sub(" ", str(value)).strip()


def format_name(name: Mapping[str, Any]) -> str:
    """A CSL name as RIS writes it: ``Family, Given, Suffix`` (or the literal name)."""
    family = " ".join(str(name.get(k) or "") for k in ("dropping-particle", "non-dropping-particle", "family")).strip()
    if not family:
        return _one_line(name.get("literal") or name.get("given") or "")
    parts = [family, str(name.get("given") or "").strip()]
    if name.get("suffix"):
        parts.append(str(name["suffix"]).strip())
    return _one_line(", ".join(parts).rstrip(", "))


def _ris_date(parts: list[int]) -> str:
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]]
    while len(padded) < 3:
        padded.append("")
    return "/".join(padded) + "/"


def record_lines(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ``(tag, value)`` lines of one record, ``TY`` first and ``ER`` last.

    :param record: a CSL-JSON item.
    :returns: the lines in the order they are written.
    """
    ctype = str(record.get("type") or "")
    custom = _mapping(record.get("custom"))
    kept = _mapping(custom.get("ris"))
    ty = ris_type(ctype)
    original = (kept.get("TY") or [""])[0] if isinstance(kept.get("TY"), list) else ""
    if original and csl_type_from_ris(original) == ctype:
        ty = original
    lines: list[tuple[str, str]] = [("TY", ty)]

    def put(tag: str, value: Any) -> None:
        text = _one_line(value) if value not in (None, "") else ""
        if text:
            lines.append((tag, text))

    own_id = record.get("citation-key")
    if not own_id and isinstance(kept.get("ID"), list) and kept["ID"]:
        own_id = kept["ID"][0]
    put("ID", own_id)
    put("TI", record.get("title"))
    for variable, tag in (
        ("author", "AU"),
        ("editor", "ED" if ctype in _BOOKISH else "A2"),
        ("collection-editor", "A3"),
        ("translator", "A4"),
    ):
        for name in record.get(variable) or ():
            if isinstance(name, Mapping):
                put(tag, format_name(name))
    put("T2", record.get("container-title"))
    put("J2", record.get("container-title-short"))
    put("T3", record.get("collection-title"))
    put("ST", record.get("title-short"))
    issued = parts_of(record.get("issued"))
    if issued:
        put("PY", f"{issued[0]:04d}")
        if len(issued) > 1:
            put("DA", _ris_date(issued))
    put("VL", record.get("volume"))
    put("IS", record.get("issue"))
    page = _one_line(record.get("page") or "")
    match = _RANGE.match(page)
    if match:
        put("SP", match.group(1))
        put("EP", match.group(2))
    elif page:
        put("SP", page)
    elif ctype in _WHOLE_WORKS:
        put("SP", record.get("number-of-pages"))  # RIS 2011: SP of a book is its page count
    put("ET", record.get("edition"))
    put("NV", record.get("number-of-volumes"))
    put("M3", record.get("genre"))
    put("M1", record.get("number"))
    put("PB", record.get("publisher"))
    put("CY", record.get("publisher-place"))
    for key in ("ISSN", "ISBN"):
        for number in str(record.get(key) or "").split(","):
            put("SN", number)
    put("LA", record.get("language"))
    put("DO", normalize_doi(str(record.get("DOI") or "")))
    put("UR", record.get("URL"))
    accessed = parts_of(record.get("accessed"))
    if accessed:
        put("Y2", _ris_date(accessed))
    for keyword in _keywords(record.get("keyword")):
        put("KW", keyword)
    put("AB", record.get("abstract"))
    put("N1", record.get("note"))
    put("RN", record.get("annote"))
    put("AN", record.get("archive_location"))
    put("CN", record.get("call-number"))
    put("DB", record.get("source"))
    written = {tag for tag, _ in lines}
    for tag, values in kept.items():
        if tag == "TY" or tag in written or not re.fullmatch(r"[A-Z][A-Z0-9]", str(tag)):
            continue
        for value in values if isinstance(values, list) else [values]:
            put(str(tag), value)
    lines.append(("ER", ""))
    return lines


def _keywords(value: Any) -> Iterable[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if not value:
        return []
    text = str(value)
    separator = ";" if ";" in text else ","
    return [k.strip() for k in text.split(separator) if k.strip()]


def dumps(records: Sequence[Record]) -> str:
    """Records as a RIS file.

    :param records: CSL-JSON items.
    :returns: the RIS text, records separated by a blank line.
    :raises ExportError: a record is not a mapping.
    """
    chunks: list[str] = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise ExportError(f"record {index + 1} is not a CSL-JSON object ({type(record).__name__})")
        chunks.append("".join(f"{tag}  - {value}\n" for tag, value in record_lines(record)))
    return "\n".join(chunks)
