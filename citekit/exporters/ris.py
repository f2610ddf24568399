"""RIS export (the 2011 tag set Zotero, EndNote, Mendeley and rispy read).

One ``TY``…``ER`` block per record: ``TI``, ``AU`` (``Family, Given, Suffix``), ``A2``/``ED``
editors, ``T2`` container, ``J2`` abbreviation, ``PY`` year and ``DA`` full date
(``YYYY/MM/DD/``), ``VL``/``IS``, ``SP``/``EP``, ``SN``, ``DO`` (bare DOI), ``UR``, one ``KW``
per keyword, ``AB`` on one line, and the tags an import kept under ``custom.ris``. RIS has no
markup: rich text in a record (``<i>``, ``<sub>`` ...) is written as plain text.
Which tag holds which CSL variable (per type where that differs) and the order they are
written in come from :mod:`citekit.formats.ris_tags`, the table the RIS reader reads too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from citekit.errors import ExportError
from citekit.exporters.keys import KeyMaker
from citekit.formats.richtext import plain
from citekit.formats.ris_tags import Kind, written_tags
from citekit.formats.types import csl_type_from_ris, ris_type
from citekit.record import Record, normalize_doi, parts_of

__all__ = ["dumps", "format_name", "record_lines"]

_RANGE = re.compile(r"^\s*([^\s\u2013\u2014-]+)\s*[-\u2013\u2014]+\s*(\S+)\s*$")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _one_line(value: Any) -> str:
    # str.split() and re's \s agree on what whitespace is; split/join is the faster of the two.
    # RIS has no markup: rich text (<i>, <sub> ...) is written as its plain text.
    text = str(value)
    return " ".join((plain(text) if "<" in text else text).split())


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


@lru_cache(maxsize=1024)
def _page_parts(page: str) -> tuple[str, str, str]:
    """``(page, first, last)`` of a page or page range (``first`` is ``page`` and ``last`` empty
    when it is not a range); cached because SP and EP each ask for the same page."""
    page = _one_line(page)
    match = _RANGE.match(page)
    return (page, match.group(1), match.group(2)) if match else (page, page, "")


def _page(record: Mapping[str, Any]) -> tuple[str, str, str]:
    return _page_parts(str(record.get("page") or ""))


_Put = Callable[[str, Any], None]


def _page_start(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    put(tag, _page(record)[1])


def _page_end(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    put(tag, _page(record)[2])


def _page_count(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    if not _page(record)[0]:
        put(tag, record.get(variable))  # RIS 2011: SP of a book is its page count


def _year(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    parts = parts_of(record.get(variable))
    if parts:
        put(tag, f"{parts[0]:04d}")


def _literal_date(value: Any, tag: str, put: _Put) -> None:
    if isinstance(value, Mapping) and value.get("literal") and not parts_of(value):
        put(tag, value["literal"])  # "Spring 2019", "n.d.": as written


def _date(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    parts = parts_of(record.get(variable))
    if parts:
        put(tag, _ris_date(parts))
    _literal_date(record.get(variable), tag, put)


def _date_beside_year(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    # DA next to PY: only when it says more than the year.
    parts = parts_of(record.get(variable))
    if parts and len(parts) > 1:
        put(tag, _ris_date(parts))
    _literal_date(record.get(variable), tag, put)


def _key(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    # The record's key, else the ID an import kept (a record number) written back.
    own_id = record.get(variable)
    if not own_id and isinstance(kept.get(tag), list) and kept[tag]:
        own_id = kept[tag][0]
    put(tag, own_id)


def _names(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    for name in record.get(variable) or ():
        if isinstance(name, Mapping):
            put(tag, format_name(name))


def _serials(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    for number in str(record.get(variable) or "").split(","):
        put(tag, number)


def _doi(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    put(tag, normalize_doi(str(record.get(variable) or "")))


def _keyword_lines(record: Mapping[str, Any], kept: Mapping[str, Any], tag: str, variable: str, put: _Put) -> None:
    for keyword in _keywords(record.get(variable)):
        put(tag, keyword)


# Each writer puts the lines of one row: (record, the tags its import kept, tag, variable, put).
_Writer = Callable[[Mapping[str, Any], Mapping[str, Any], str, str, _Put], None]
_WRITERS: dict[Kind, _Writer] = {
    "name": _names,
    "year": _year,
    "date": _date,
    "page-start": _page_start,
    "page-end": _page_end,
    "page-count": _page_count,
    "serial": _serials,
    "doi": _doi,
    "keyword": _keyword_lines,
    "key": _key,
}


@lru_cache(maxsize=256)
def _plan(ctype: str) -> tuple[tuple[str, str, _Writer | None], ...]:
    """``(tag, variable, values)`` for each row written for a CSL type; ``values`` is the
    function that gives the row's values, ``None`` for a text row (the variable as it is)."""
    written = written_tags(ctype)
    years = {row.variable for row in written if row.kind == "year"}
    plan: list[tuple[str, str, _Writer | None]] = []
    for row in written:
        writer = None if row.kind == "text" else _WRITERS[row.kind]
        if row.kind == "date" and row.variable in years:
            writer = _date_beside_year
        plan.append((row.tag, row.variable, writer))
    return tuple(plan)


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

    for tag, variable, writer in _plan(ctype):
        if writer is None and variable == "URL" and len(_urls(record.get("URL"))) > 1:
            for url in _urls(record.get("URL")):  # two URLs in one field: one UR line each
                put(tag, url)
        elif writer is None:
            put(tag, record.get(variable))
        else:
            writer(record, kept, tag, variable, put)
    written = {tag for tag, _ in lines}
    for tag, values in kept.items():
        if tag == "TY" or tag in written or not re.fullmatch(r"[A-Z][A-Z0-9]", str(tag)):
            continue
        for value in values if isinstance(values, list) else [values]:
            put(str(tag), value)
    lines.append(("ER", ""))
    return lines


def _urls(value: Any) -> list[str]:
    """The URLs of a field that holds several separated by spaces, else ``[]``."""
    parts = value.split() if isinstance(value, str) else []
    return parts if len(parts) > 1 and all(_URL.match(p) for p in parts) else []


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S")


def _keywords(value: Any) -> Iterable[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if not value:
        return []
    text = str(value)
    separator = ";" if ";" in text else ","
    return [k.strip() for k in text.split(separator) if k.strip()]


def dumps(records: Sequence[Record], *, keys: KeyMaker | None = None) -> str:
    """Records as a RIS file; each record's ``ID`` is its citation key
    (:mod:`citekit.exporters.keys`), the key the BibTeX and CSL-JSON exports give it.

    :param records: CSL-JSON items.
    :param keys: the keys already given out (to write one export in parts); fresh by default.
    :returns: the RIS text, records separated by a blank line.
    :raises ExportError: a record is not a mapping.
    """
    keys = KeyMaker() if keys is None else keys
    chunks: list[str] = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise ExportError(f"record {index + 1} is not a CSL-JSON object ({type(record).__name__})")
        keyed = {**record, "citation-key": keys.key_for(record)}
        chunks.append("".join(f"{tag}  - {value}\n" for tag, value in record_lines(keyed)))
    return "\n".join(chunks)
