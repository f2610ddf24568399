"""Deduplication: the same work reached through several inputs becomes one record.

Two records are the same work when they share a DOI, a PMID, a PMCID or an arXiv id, or
(lacking conflicting identifiers) the same normalised title, year and first-author family
name. Duplicates are merged field by field (:func:`citekit.record.merge`: the record seen
first wins where both have a value) and the merged record lists every input it came from
in ``custom.origins``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .names import fold
from .record import Record, make_id, merge, normalize_doi, year_of

__all__ = ["work_keys", "identifier_keys", "Deduplicator", "dedupe"]

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ARXIV_VERSION = re.compile(r"v\d+$")


def _title_key(title: str) -> str:
    return _NON_WORD.sub(" ", fold(title)).strip()


def identifier_keys(record: Mapping[str, Any]) -> list[str]:
    """Keys from identifiers: ``doi:``, ``pmid:``, ``pmcid:``, ``arxiv:``."""
    keys = []
    doi = normalize_doi(record.get("DOI"))
    if doi:
        keys.append(f"doi:{doi.lower()}")
    ids: dict[str, Any] = dict((record.get("custom") or {}).get("identifiers") or {})
    for name in ("PMID", "PMCID"):
        value = record.get(name) or ids.get(name)
        if value:
            keys.append(f"{name.lower()}:{str(value).strip().lower().removeprefix('pmc')}")
    arxiv = ids.get("arXiv") or ids.get("arxiv")
    if arxiv:
        keys.append("arxiv:" + _ARXIV_VERSION.sub("", str(arxiv).strip().lower()))
    return keys


def work_keys(record: Mapping[str, Any]) -> list[str]:
    """Every key under which ``record`` may meet a duplicate."""
    keys = identifier_keys(record)
    title = _title_key(str(record.get("title") or ""))
    year = year_of(record)
    authors = record.get("author") or []
    family = fold(str(authors[0].get("family") or authors[0].get("literal") or "")) if authors else ""
    if len(title) >= 12 and year and family:
        keys.append(f"tya:{title}|{year}|{_NON_WORD.sub('', family)}")
    return keys


def _kinds(keys: Iterable[str]) -> dict[str, str]:
    return {k.split(":", 1)[0]: k for k in keys}


class Deduplicator:
    """Collapse duplicates as records arrive (memory grows with distinct works only).

    ``add`` returns the index of the work the record joined; :meth:`id_of` gives that
    work's id once all records are in (a merge can give a work a DOI, and so a new id).
    """

    def __init__(self) -> None:
        self._records: list[Record] = []
        self._index: dict[str, int] = {}

    def _conflicts(self, existing: Record, new_keys: list[str]) -> bool:
        # Two works with different DOIs are different works even when their titles agree
        # (a preprint and its journal version, an erratum, a reprint).
        mine = _kinds(identifier_keys(existing))
        theirs = _kinds(k for k in new_keys if not k.startswith("tya:"))
        return any(kind in mine and mine[kind] != key for kind, key in theirs.items())

    def add(self, record: Record, origin: str | None = None) -> int:
        """Add one record; returns the index of the work it belongs to."""
        keys = work_keys(record)
        target = None
        for key in keys:
            found = self._index.get(key)
            if found is not None and not self._conflicts(self._records[found], keys):
                target = found
                break
        if target is None:
            stored = dict(record)
            custom = dict(stored.get("custom") or {})
            origins = list(custom.get("origins") or ([] if origin is None else [origin]))
            if origins:
                custom["origins"] = origins
            stored["custom"] = custom
            self._records.append(stored)
            target = len(self._records) - 1
        else:
            existing = self._records[target]
            merged = merge(existing, record, source=origin)
            custom = merged.setdefault("custom", {})
            origins = list((existing.get("custom") or {}).get("origins") or [])
            if origin is not None and origin not in origins:
                origins.append(origin)
            custom["origins"] = origins
            custom["references"] = _union_references(
                (existing.get("custom") or {}).get("references") or [], (record.get("custom") or {}).get("references") or []
            )
            if not custom["references"]:
                del custom["references"]
            merged["id"] = make_id(merged) if merged.get("DOI") and not existing.get("DOI") else existing["id"]
            self._records[target] = merged
        for key in work_keys(self._records[target]):
            self._index.setdefault(key, target)
        return target

    def id_of(self, index: int) -> str:
        """The current id of the work at ``index`` (as returned by :meth:`add`)."""
        return str(self._records[index]["id"])

    @property
    def records(self) -> list[Record]:
        """The distinct records, in order of first appearance."""
        return self._records


def _union_references(first: list[Record], second: list[Record]) -> list[Record]:
    if not second:
        return first
    if not first:
        return second
    seen = {ref.get("id") for ref in first}
    return first + [ref for ref in second if ref.get("id") not in seen]


def dedupe(records: Iterable[Record]) -> list[Record]:
    """``records`` with duplicates merged, in order of first appearance."""
    collapsed = Deduplicator()
    for record in records:
        collapsed.add(record, (record.get("custom") or {}).get("origin"))
    return collapsed.records
