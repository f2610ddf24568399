"""Open Library's JSON (an edition, with its authors and work as
:mod:`citekit.services.openlibrary` gathers them, or a bare ``/books/OL…M.json``) → a
CSL-JSON book record.
"""

from __future__ import annotations

import json
from typing import Any

from citekit.dates import to_csl
from citekit.errors import ParseError
from citekit.names import split_name
from citekit.parsers.common import norm_isbn, norm_language
from citekit.record import Record, normalize
from citekit.source import Source

__all__ = ["parse"]

_ROLES = {"translator": "translator", "editor": "editor", "illustrator": "illustrator", "compiler": "compiler"}


def _first(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def _text(value: Any) -> str:
    """An Open Library text value: a string or ``{"type": "/type/text", "value": ...}``."""
    if isinstance(value, dict):
        value = value.get("value")
    return value.strip() if isinstance(value, str) else ""


def _olid(key: Any) -> str:
    return key.rsplit("/", 1)[-1] if isinstance(key, str) else ""


def _people(edition: dict[str, Any], authors: list[dict[str, Any]]) -> Record:
    """Authors (looked up by key) and contributors with a CSL role."""
    people: Record = {"author": [n for n in (split_name(_first(a.get("name"))) for a in authors) if n]}
    for contributor in edition.get("contributors") or []:
        if not isinstance(contributor, dict):
            continue
        role = _ROLES.get(_first(contributor.get("role")).lower())
        name = split_name(_first(contributor.get("name")))
        if role and name:
            people.setdefault(role, []).append(name)
    return people


def _publication(edition: dict[str, Any]) -> Record:
    """Date, publisher, extent, ISBN, edition, series and language of one edition."""
    pages = edition.get("number_of_pages")
    fields: Record = {
        "issued": to_csl(_first(edition.get("publish_date"))) or "",
        "publisher": _first(edition.get("publishers")),
        "publisher-place": _first(edition.get("publish_places")),
        "number-of-pages": str(pages) if isinstance(pages, int) and pages > 0 else "",
        "ISBN": norm_isbn(_first(edition.get("isbn_13")) or _first(edition.get("isbn_10"))) or "",
        "edition": _first(edition.get("edition_name")),
        "collection-title": _first(edition.get("series")),
    }
    languages = [_olid(lang.get("key")) for lang in edition.get("languages") or [] if isinstance(lang, dict)]
    if languages and languages[0]:
        fields["language"] = norm_language(languages[0]) or languages[0]
    return fields


def _identifiers(edition: dict[str, Any]) -> dict[str, str]:
    """Open Library, OCLC, LCCN and classification numbers that the edition carries."""
    key = edition.get("key")
    identifiers = {
        "openlibrary": _olid(key),
        "openlibrary-work": _olid(((edition.get("works") or [{}])[0] or {}).get("key")),
        "OCLC": _first(edition.get("oclc_numbers")),
        "LCCN": _first(edition.get("lccn")),
        "LCC": _first(edition.get("lc_classifications")),
        "DDC": _first(edition.get("dewey_decimal_class")),
    }
    return {k: v for k, v in identifiers.items() if v}


def _record(edition: dict[str, Any], work: dict[str, Any], authors: list[dict[str, Any]]) -> Record:
    title = _first(edition.get("title"))
    subtitle = _first(edition.get("subtitle"))
    record: Record = {"type": "book", "title": f"{title}: {subtitle}" if subtitle else title}
    record.update(_people(edition, authors))
    record.update({k: v for k, v in _publication(edition).items() if v})
    subjects = [s for s in (edition.get("subjects") or work.get("subjects") or []) if isinstance(s, str)]
    record["keyword"] = ", ".join(dict.fromkeys(s.strip() for s in subjects if s.strip()))
    record["abstract"] = _text(edition.get("description")) or _text(work.get("description"))
    key = edition.get("key")
    if isinstance(key, str) and key.startswith("/books/"):
        record["URL"] = f"https://openlibrary.org{key}"
    identifiers = _identifiers(edition)
    if identifiers:
        record["custom"] = {"identifiers": identifiers}
    return normalize(record, default_type="book")


def parse(source: Source) -> list[Record]:
    """One book record from Open Library's JSON.

    :param source: a source in format ``openlibrary``.
    :returns: the record.
    :raises ParseError: the JSON is not an Open Library edition.
    """
    try:
        value = json.loads(source.text)
    except ValueError as exc:
        raise ParseError(f"not JSON: {exc}", origin=source.origin) from exc
    if not isinstance(value, dict):
        raise ParseError("not an Open Library edition", origin=source.origin)
    edition: dict[str, Any] = value["edition"] if isinstance(value.get("edition"), dict) else value
    kind = edition.get("type")
    if not (isinstance(kind, dict) and kind.get("key") == "/type/edition"):
        raise ParseError("not an Open Library edition (no /type/edition)", origin=source.origin)
    work: dict[str, Any] = value["work"] if isinstance(value.get("work"), dict) else {}
    authors = [a for a in value.get("authors") or [] if isinstance(a, dict) and edition is not value]
    record = _record(edition, work, authors)
    missing = [str(k) for k in value.get("missing") or []]
    if missing:
        record.setdefault("custom", {})["warnings"] = [f"author {k} not found in Open Library" for k in missing]
    if not authors and edition.get("authors") and edition is value:
        # A bare edition names its authors only by key: say so rather than drop them unsaid.
        record.setdefault("custom", {})["warnings"] = ["authors named by Open Library key only; not looked up"]
    return [record] if record.get("title") else []
