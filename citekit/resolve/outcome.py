"""What resolution writes into a record: outcomes, filled fields, DOIs as written."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from citekit.record import Record, merge
from citekit.resolve.convert import work_to_csl

__all__ = ["REFERENCE_FIELDS", "doi_of", "fill", "for_matching", "guarded", "is_reference", "unresolved"]

# Fields a reference may gain from Crossref (a reference list is not the place for
# abstracts, licences or subject lists).
REFERENCE_FIELDS = ("DOI", "author", "editor", "title", "container-title", "issued", "volume", "issue", "page", "publisher", "ISBN")

_BOOKISH = frozenset({"book", "chapter", "report", "thesis", "entry"})


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
        unresolved(item, f"could not be matched ({exc.__class__.__name__}: {exc})")


def is_reference(item: Record) -> bool:
    custom = item.get("custom")
    return isinstance(custom, dict) and bool(custom.get("raw"))


def for_matching(item: Record) -> Record:
    """``item`` with the fields its raw string yields added (for matching only, not kept)."""
    raw = (item.get("custom") or {}).get("raw")
    if not raw or (item.get("title") and item.get("author")):
        return item
    try:
        from citekit.parsers.refs.reference import parse_reference
    except ImportError:  # the parser is optional here: the raw string alone still matches
        return item
    try:
        parsed = parse_reference(str(raw))
    except (ValueError, TypeError, KeyError, IndexError):
        return item  # a parser failure costs evidence, not the reference
    return merge(item, parsed)


def unresolved(item: Record, reason: str) -> None:
    custom = item.setdefault("custom", {})
    custom["match"] = {"status": "unresolved", "reason": reason}


def fill(item: Record, work: dict[str, Any], *, top: bool, everything: bool = False) -> None:
    """Add the DOI and the fields ``item`` lacks from Crossref's ``work`` (in place)."""
    found = work_to_csl(work)
    custom = dict(found.pop("custom", {}))
    if not top:
        keep = REFERENCE_FIELDS if found.get("type") in _BOOKISH else tuple(k for k in REFERENCE_FIELDS if k != "publisher")
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
