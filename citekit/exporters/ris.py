"""RIS export (the 2011 tag set Zotero, EndNote, Mendeley and rispy read).

One ``TY``…``ER`` block per record: ``TI``, ``AU`` (``Family, Given, Suffix``), ``A2``/``ED``
editors, ``T2`` container, ``J2`` abbreviation, ``PY`` year and ``DA`` full date
(``YYYY/MM/DD/``), ``VL``/``IS``, ``SP``/``EP``, ``SN``, ``DO`` (bare DOI), ``UR``, one ``KW``
per keyword, ``AB`` on one line, and the tags an import kept under ``custom.ris``.
Which tag holds which CSL variable (per type where that differs) and the order they are
written in come from :mod:`citekit.formats.ris_tags`, the table the RIS reader reads too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from citekit.errors import ExportError
from citekit.formats.ris_tags import Kind, RisTag, written_tags
from citekit.formats.types import csl_type_from_ris, ris_type
from citekit.record import Record, normalize_doi, parts_of

__all__ = ["dumps", "format_name", "record_lines"]

_SPACES = re.compile(r"\s+")
_RANGE = re.compile(r"^\s*([^\s\u2013\u2014-]+)\s*[-\u2013\u2014]+\s*(\S+)\s*$")


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


def _page_range(record: Mapping[str, Any]) -> tuple[str, re.Match[str] | None]:
    page = _one_line(record.get("page") or "")
    return page, _RANGE.match(page)


def _page_start(record: Mapping[str, Any], row: RisTag) -> Iterable[Any]:
    page, match = _page_range(record)
    return [match.group(1)] if match else [page]


def _page_end(record: Mapping[str, Any], row: RisTag) -> Iterable[Any]:
    _, match = _page_range(record)
    return [match.group(2)] if match else []


def _page_count(record: Mapping[str, Any], row: RisTag) -> Iterable[Any]:
    page, _ = _page_range(record)
    return [] if page else [record.get(row.variable)]  # RIS 2011: SP of a book is its page count


def _year(record: Mapping[str, Any], row: RisTag) -> Iterable[Any]:
    parts = parts_of(record.get(row.variable))
    return [f"{parts[0]:04d}"] if parts else []


def _date(record: Mapping[str, Any], row: RisTag) -> Iterable[Any]:
    parts = parts_of(record.get(row.variable))
    return [_ris_date(parts)] if parts else []


def _date_beside_year(record: Mapping[str, Any], row: RisTag) -> Iterable[Any]:
    # DA next to PY: only when it says more than the year.
    parts = parts_of(record.get(row.variable))
    return [_ris_date(parts)] if len(parts or ()) > 1 else []


def _key(record: Mapping[str, Any], row: RisTag) -> Iterable[Any]:
    # The record's key, else the ID an import kept (a record number) written back.
    own_id = record.get(row.variable)
    kept = _mapping(_mapping(record.get("custom")).get("ris"))
    if not own_id and isinstance(kept.get(row.tag), list) and kept[row.tag]:
        own_id = kept[row.tag][0]
    return [own_id]


def _names(record: Mapping[str, Any], row: RisTag) -> Iterable[Any]:
    return [format_name(name) for name in record.get(row.variable) or () if isinstance(name, Mapping)]


_Writer = Callable[[Mapping[str, Any], RisTag], Iterable[Any]]
_WRITERS: dict[Kind, _Writer] = {
    "text": lambda record, row: [record.get(row.variable)],
    "name": _names,
    "year": _year,
    "date": _date,
    "page-start": _page_start,
    "page-end": _page_end,
    "page-count": _page_count,
    "serial": lambda record, row: str(record.get(row.variable) or "").split(","),
    "doi": lambda record, row: [normalize_doi(str(record.get(row.variable) or ""))],
    "keyword": lambda record, row: _keywords(record.get(row.variable)),
    "key": _key,
}


@lru_cache(maxsize=256)
def _plan(ctype: str) -> tuple[tuple[RisTag, _Writer], ...]:
    """The rows written for a CSL type, each with the function that gives its values."""
    written = written_tags(ctype)
    years = {row.variable for row in written if row.kind == "year"}
    return tuple(
        (row, _date_beside_year if row.kind == "date" and row.variable in years else _WRITERS[row.kind])
        for row in written
    )


def _type_tag(ctype: str, kept: Mapping[str, Any]) -> str:
    ty = ris_type(ctype)
    original = (kept.get("TY") or [""])[0] if isinstance(kept.get("TY"), list) else ""
    return original if original and csl_type_from_ris(original) == ctype else ty


def record_lines(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ``(tag, value)`` lines of one record, ``TY`` first and ``ER`` last.

    :param record: a CSL-JSON item.
    :returns: the lines in the order they are written.
    """
    ctype = str(record.get("type") or "")
    kept = _mapping(_mapping(record.get("custom")).get("ris"))
    lines: list[tuple[str, str]] = [("TY", _type_tag(ctype, kept))]

    def put(tag: str, value: Any) -> None:
        text = _one_line(value) if value not in (None, "") else ""
        if text:
            lines.append((tag, text))

    for row, writer in _plan(ctype):
        for value in writer(record, row):
            put(row.tag, value)
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
