"""What a reference says, prepared once for comparison with every candidate.

Fields come from the record first (parsed upstream), its original string second: a
volume or page field too messy to trust becomes a set of numbers, years and numbers of
the string are kept apart, and whether the string shows a title at all is judged from
the string itself (physics styles omit titles whatever a parser labels).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from citekit.formats.richtext import plain
from citekit.record import year_of

__all__ = ["PREPRINT_CONTAINERS", "Evidence", "evidence_of", "first_page", "flat", "looks_titled", "num"]

PREPRINT_CONTAINERS = re.compile(
    r"arxiv|biorxiv|medrxiv|chemrxiv|ssrn|research square|preprints|psyarxiv|socarxiv|osf preprints|techrxiv|authorea",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20[0-4]\d)(?!\d)")
_NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.])")
_CLEAN_VOLUME = re.compile(r"^(?:[a-z]?\d{1,5}[a-z]?|[ivxlcdm]{1,8})$", re.IGNORECASE)
_CLEAN_PAGE = re.compile(r"^[a-z]{0,2}\d+[a-z]?(?:\s*[-\u2010-\u2015\u2212]+\s*[a-z]{0,2}\d+[a-z]?)?$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20[0-4]\d)(?!\d)")


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    # Accents go, letters of every script stay (Cyrillic, Greek, CJK titles still compare).
    if text.isascii():
        return _WORD.findall(text.lower())  # nothing to decompose: the same words, sooner
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


@functools.lru_cache(maxsize=1 << 16)
def _flat(text: str) -> str:
    return " ".join(words(text))


def flat(text: str | None) -> str:
    # Candidates recur across references (a search returns the same works for similar
    # strings; an index search, twenty of them): their titles are folded once.
    return _flat(text) if isinstance(text, str) else " ".join(words(text or ""))


def first_page(page: str | None) -> tuple[str, str]:
    """First and (expanded) last page: ``"1425-37"`` → ``("1425", "1437")``."""
    if not page:
        return "", ""
    parts = re.split(r"\s*[-\u2010-\u2015\u2212]+\s*", str(page).strip(), maxsplit=1)
    start = parts[0].lstrip("pP. ").lower().lstrip("0") or parts[0]
    end = parts[1].lower().lstrip("0") if len(parts) > 1 else ""
    if end.isdigit() and start.isdigit() and len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start, end


def num(value: Any) -> str:
    text = str(value or "").strip().lower()
    return text.lstrip("0") or text


@dataclass
class Evidence:
    """What a reference says, prepared once and compared with every candidate."""

    raw: str = ""
    title: str = ""
    year: int | None = None
    years_in_raw: frozenset[int] = frozenset()
    volume: str = ""
    issue: str = ""
    first_page: str = ""
    last_page: str = ""
    loose: frozenset[str] = frozenset()  # numbers of volume/page fields too messy to trust
    family: str = ""
    container: str = ""
    numbers: frozenset[str] = frozenset()
    preprint: bool = False
    doi: str = ""
    titled: bool = False  # the reference shows a title (not just a parsed guess)


def _numbering(ev: Evidence, reference: Mapping[str, Any]) -> None:
    """Volume, issue and pages of ``reference`` into ``ev``; numbers of messy fields go
    to ``ev.loose`` (they may still be found among the string's numbers)."""
    loose: set[str] = set()
    volume = str(reference.get("volume") or "").strip()
    if _CLEAN_VOLUME.match(volume):
        ev.volume = num(volume)
    else:
        loose.update(n.lstrip("0") or n for n in _NUMBER.findall(volume))
    issue = str(reference.get("issue") or "").strip()
    ev.issue = num(issue) if _CLEAN_VOLUME.match(issue) else ""
    page = str(reference.get("page") or "").strip()
    if _CLEAN_PAGE.match(page):
        ev.first_page, ev.last_page = first_page(page)
    else:
        loose.update(n.lstrip("0") or n for n in re.findall(r"[a-z]?\d+", page.lower()))
    ev.loose = frozenset(loose)


def _first_family(reference: Mapping[str, Any]) -> str:
    """The first author's (else editor's) family name, folded."""
    for name in reference.get("author") or reference.get("editor") or ():
        if isinstance(name, Mapping):
            family = name.get("family") or name.get("literal") or ""
            if family:
                return flat(str(family).split()[-1] if name.get("literal") else str(family))
    return ""


def _numbers_in(raw: str) -> set[str]:
    """Every number of the string (DOIs left out), both ends of page ranges included."""
    numbers = set(_NUMBER.findall(re.sub(r"10\.\d{4,9}/\S+", " ", raw)))
    for pages in re.findall(r"\d+\s*[-\u2013\u2014]\s*\d+", raw):
        start, end = first_page(pages)
        numbers.update(x for x in (start, end) if x)
    return numbers


def evidence_of(reference: Mapping[str, Any]) -> Evidence:
    """The evidence a reference record offers (fields first, its raw string second)."""
    custom = reference.get("custom") if isinstance(reference.get("custom"), Mapping) else {}
    raw = str((custom or {}).get("raw") or "")
    ev = Evidence(raw=flat(raw))
    ev.title = flat(plain(str(reference.get("title") or "")))
    ev.year = year_of(reference)
    ev.years_in_raw = frozenset(int(y) for y in _YEAR.findall(raw))
    _numbering(ev, reference)
    ev.family = _first_family(reference)
    ev.container = flat(plain(str(reference.get("container-title") or "")))
    ev.numbers = frozenset(n.lstrip("0") or n for n in _numbers_in(raw)) | ev.loose
    ev.preprint = bool(PREPRINT_CONTAINERS.search(f"{raw} {reference.get('container-title') or ''}"))
    ev.doi = str(reference.get("DOI") or "").lower()
    ev.titled = bool(ev.title) and (not raw or looks_titled(raw))
    return ev


_QUOTED_RUN = re.compile(r"[\"\u201c\u00ab\u2018]\s*[^\W\d_][^\"\u201d\u00bb\u2019]*?\s+\S+\s+\S+")


def looks_titled(raw: str) -> bool:
    """Whether a reference string shows a title at all.

    Physics and some chemistry styles cite ``A. Lin, Eng. Struct. 247, 113173 (2021)``:
    whatever a parser calls the title there is a name or a journal. A quoted run of
    words, or lowercase words of four letters or more (sentence-case titles), say a
    title is present.
    """
    if _QUOTED_RUN.search(raw):
        return True
    lower = [
        w
        for w in re.findall(r"[^\W\d_]+", raw)
        if len(w) >= 4 and w.islower() and w not in ("press", "eds", "editors", "edn", "vols", "pages")
    ]
    return len(lower) >= 2
