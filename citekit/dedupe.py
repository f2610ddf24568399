"""Deduplication: the same work reached through several inputs becomes one record.

Two records are the same work when they share a DOI, a PMID, a PMCID or an arXiv id, or
(lacking conflicting identifiers) the same normalised title, year and first-author family
name (for two undated records, the same long title and first author). Duplicates are
merged field by field (:func:`citekit.record.merge`: the record seen first wins where both
have a value) and the merged record lists every input it came from in
``custom.origins``.

The works and their keys live in a :class:`WorkStore`: a dict in memory for small jobs,
the library database (:mod:`citekit.library`) for harvests that must stay flat in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from citekit.formats.richtext import plain
from citekit.names import fold
from citekit.record import Record, make_id, merge, normalize_doi, year_of

__all__ = ["Deduplicator", "MemoryStore", "WorkStore", "dedupe", "identifier_keys", "work_keys"]

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
    """Every key under which ``record`` may meet a duplicate, identifiers first."""
    keys = identifier_keys(record)
    title = _title_key(plain(str(record.get("title") or "")))
    year = year_of(record)
    authors = record.get("author") or []
    family = fold(str(authors[0].get("family") or authors[0].get("literal") or "")) if authors else ""
    if len(title) >= 12 and year and family:
        keys.append(f"tya:{title}|{year}|{_NON_WORD.sub('', family)}")
    elif len(title) >= 30 and not year and family:
        # Repository pages often give no date: two undated records of the same long title
        # and first author are one work (an undated one never joins a dated one this way).
        keys.append(f"ta:{title}|{_NON_WORD.sub('', family)}")
    return keys


def _kinds(keys: Iterable[str]) -> dict[str, str]:
    return {k.split(":", 1)[0]: k for k in keys}


def conflicts(existing: Mapping[str, Any], new_keys: Iterable[str]) -> bool:
    """True when two records carry different values of the same identifier.

    Two works with different DOIs are different works even when their titles agree (a
    preprint and its journal version, an erratum, a reprint).
    """
    mine = _kinds(identifier_keys(existing))
    theirs = _kinds(k for k in new_keys if not k.startswith("tya:"))
    return any(kind in mine and mine[kind] != key for kind, key in theirs.items())


class WorkStore(Protocol):
    """Where a :class:`Deduplicator` keeps works and the keys that find them."""

    def find(self, key: str) -> int | None:
        """The work a key points to, or ``None``."""
        ...

    def get(self, work: int) -> Record:
        """The record of a work."""
        ...

    def put(self, work: int | None, record: Record) -> int:
        """Store a record as a new work (``work=None``) or over an existing one."""
        ...

    def add_key(self, key: str, work: int) -> None:
        """Point ``key`` at ``work`` unless it already points somewhere."""
        ...


class MemoryStore:
    """A :class:`WorkStore` in a list and a dict."""

    def __init__(self) -> None:
        self.works: list[Record] = []
        self.keys: dict[str, int] = {}

    def find(self, key: str) -> int | None:
        return self.keys.get(key)

    def get(self, work: int) -> Record:
        return self.works[work]

    def put(self, work: int | None, record: Record) -> int:
        if work is None:
            self.works.append(record)
            return len(self.works) - 1
        self.works[work] = record
        return work

    def add_key(self, key: str, work: int) -> None:
        self.keys.setdefault(key, work)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.works)


def _union_references(first: list[Record], second: list[Record]) -> list[Record]:
    if not second:
        return first
    if not first:
        return second
    seen = {ref.get("id") for ref in first}
    return first + [ref for ref in second if ref.get("id") not in seen]


class Deduplicator:
    """Collapse duplicates as records arrive, in a :class:`WorkStore`.

    ``add`` returns the work a record joined; the work's id is read from the store when
    needed (a merge can give a work a DOI, and so a new id).
    """

    def __init__(self, store: WorkStore | None = None) -> None:
        self.store: WorkStore = store if store is not None else MemoryStore()

    def add(self, record: Record, origin: str | None = None) -> int:
        """Add one record; returns the work it belongs to."""
        keys = work_keys(record)
        target = None
        for key in keys:
            found = self.store.find(key)
            if found is not None and not conflicts(self.store.get(found), keys):
                target = found
                break
        if target is None:
            stored = dict(record)
            custom = dict(stored.get("custom") or {})
            if origin is not None:
                custom["origins"] = [origin]
            stored["custom"] = custom
        else:
            existing = self.store.get(target)
            stored = merge(existing, record, source=origin)
            custom = stored.setdefault("custom", {})
            origins = list((existing.get("custom") or {}).get("origins") or [])
            if origin is not None and origin not in origins:
                origins.append(origin)
            custom["origins"] = origins
            references = _union_references(
                (existing.get("custom") or {}).get("references") or [],
                (record.get("custom") or {}).get("references") or [],
            )
            if references:
                custom["references"] = references
            if stored.get("DOI") and not existing.get("DOI"):
                stored["id"] = make_id(stored)
        target = self.store.put(target, stored)
        for key in work_keys(stored):
            self.store.add_key(key, target)
        return target

    def id_of(self, work: int) -> str:
        """The current id of a work."""
        return str(self.store.get(work)["id"])


def dedupe(records: Iterable[Record]) -> list[Record]:
    """``records`` with duplicates merged, in order of first appearance."""
    store = MemoryStore()
    collapsed = Deduplicator(store)
    for record in records:
        collapsed.add(record, (record.get("custom") or {}).get("origin"))
    return store.works
