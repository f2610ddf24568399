"""What resolution writes into a record: outcomes, filled fields, DOIs as written."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from citekit.record import Record, merge
from citekit.resolve.convert import work_to_csl

__all__ = [
    "AMBIGUOUS",
    "DOI_MISMATCH",
    "DOI_NOT_FOUND",
    "ERROR",
    "NOT_FOUND",
    "NO_MATCH",
    "OFFLINE",
    "REFERENCE_FIELDS",
    "REMOTE_ERROR",
    "SUMMARY_LABELS",
    "TOO_LITTLE",
    "UNREACHABLE",
    "Miss",
    "doi_of",
    "fill",
    "for_matching",
    "guarded",
    "is_reference",
    "unresolved",
]

# Fields a reference may gain from Crossref (a reference list is not the place for
# abstracts, licences or subject lists).
REFERENCE_FIELDS = (
    "DOI",
    "author",
    "editor",
    "title",
    "container-title",
    "issued",
    "volume",
    "issue",
    "page",
    "publisher",
    "ISBN",
)

_BOOKISH = frozenset({"book", "chapter", "report", "thesis", "entry"})

# Why an item stayed unresolved, as the stable ``custom.match.code`` that code decides on
# (the ``reason`` beside it is for people and may carry details).
OFFLINE = "offline"  # Crossref not contacted (--offline)
UNREACHABLE = "unreachable"  # a network failure (timeout, refused, DNS)
REMOTE_ERROR = "remote-error"  # Crossref answered an error (after the backoff)
DOI_NOT_FOUND = "doi-not-found"  # the DOI is not registered with Crossref
DOI_MISMATCH = "doi-mismatch"  # the DOI is registered for another work
NOT_FOUND = "not-found"  # the search found no candidate
NO_MATCH = "no-match"  # candidates, none convincing
AMBIGUOUS = "ambiguous"  # two plausible candidates the reference cannot tell apart
TOO_LITTLE = "too-little"  # too little in the reference to search or match on
ERROR = "error"  # the item could not be compared (odd field types)

# How the one-line summary names each code; codes absent here show their reason.
SUMMARY_LABELS = {
    OFFLINE: "offline (Crossref not contacted)",
    DOI_NOT_FOUND: "DOI not found in Crossref",
    DOI_MISMATCH: "DOI points to another work",
    NO_MATCH: "no confident match",
    AMBIGUOUS: "no confident match",
}


@dataclass(frozen=True, slots=True)
class Miss:
    """Why an item stayed unresolved: a ``code`` (above) and a ``reason`` to read."""

    code: str
    reason: str


_DOI_PREFIX = re.compile(r"^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/|info:doi/)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def doi_of(item: Record) -> str | None:
    """The DOI of ``item`` as written, prefixes removed; ``None`` if it holds none.

    Unlike ``record.normalize_doi`` this keeps ``<``/``>``, which old SICI DOIs contain
    (``10.1002/(SICI)1097-461X(1998)66:4<261::AID-QUA1>3.0.CO;2-T``).
    """
    value = _DOI_PREFIX.sub("", str(item.get("DOI") or "").strip()).rstrip(".,;")
    return value if _DOI.match(value) else None


@contextlib.contextmanager
def guarded(item: Record) -> Iterator[None]:
    """Matching an odd item (a number where a string belongs...) costs that item only."""
    try:
        yield
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
        unresolved(item, Miss(ERROR, f"could not be matched ({exc.__class__.__name__}: {exc})"))


def is_reference(item: Record) -> bool:
    custom = item.get("custom")
    return isinstance(custom, dict) and bool(custom.get("raw"))


def for_matching(item: Record) -> Record:
    """``item`` with the fields its raw string yields added (for matching only, not kept)."""
    raw = (item.get("custom") or {}).get("raw")
    if not raw or (item.get("title") and item.get("author")):
        return item
    from citekit.errors import ParseError
    from citekit.parsers.refs.reference import parse_reference

    try:
        parsed = parse_reference(str(raw))
    except (ParseError, ValueError, TypeError, KeyError, IndexError):
        return item  # a parser failure costs evidence, not the reference
    return merge(item, parsed)


def unresolved(item: Record, miss: Miss) -> None:
    """Mark ``item`` unresolved (in place): ``custom.match`` = {status, code, reason}."""
    custom = item.setdefault("custom", {})
    custom["match"] = {"status": "unresolved", "code": miss.code, "reason": miss.reason}


def fill(item: Record, work: dict[str, Any], *, top: bool, everything: bool = False) -> None:
    """Add the DOI and the fields ``item`` lacks from Crossref's ``work`` (in place)."""
    found = work_to_csl(work)
    custom = dict(found.pop("custom", {}))
    if not top:
        keep = (
            REFERENCE_FIELDS
            if found.get("type") in _BOOKISH
            else tuple(k for k in REFERENCE_FIELDS if k != "publisher")
        )
        found = {k: v for k, v in found.items() if k in keep}
        custom = {}
    custom.pop("source", None)
    if everything and found.get("type"):
        item["type"] = found["type"]
    if work.get("DOI") and "DOI" in found:
        found["DOI"] = str(work["DOI"])  # as registered (normalize would cut a SICI DOI at '<')
    merged = merge(item, {**found, "custom": custom}, source="crossref")
    item.clear()
    item.update(merged)
    item.setdefault("custom", {})
